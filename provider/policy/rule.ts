import { z } from "zod";
import type { SharingKind, SharingResource } from "./sharingResource";

/** How the engine treats a rule's violations; the policy config's `enforcementLevel` sets it per rule. */
export const ENFORCEMENT_LEVELS = ["advisory", "mandatory", "disabled"] as const;
export type EnforcementLevel = (typeof ENFORCEMENT_LEVELS)[number];

/** A violation: the resource it concerns and what to do about it. */
export interface Finding {
  urn: string;
  message: string;
}

/** The JSON schema of a rule's configuration, as the engine validates the policy config file. */
export interface ConfigJsonSchema {
  properties: Record<string, object>;
  required?: string[];
}

/**
 * One rule of the pack, whatever its configuration's shape: `resource` rules see each resource as it
 * is declared, before anything is written; `stack` rules see the stack's resources together, at the
 * end of a preview or an update.
 */
export interface MailboxRule {
  name: string;
  description: string;
  enforcementLevel: EnforcementLevel;
  configSchema: ConfigJsonSchema;
  scope: "resource" | "stack";
  kinds: readonly SharingKind[];
  /** The violations among `resources` (one, for a resource rule), with the rule's raw configuration. */
  findings(resources: readonly SharingResource[], config: unknown): Finding[];
}

interface RuleDefinition<Config extends z.ZodObject> {
  name: string;
  description: string;
  enforcementLevel: EnforcementLevel;
  scope: "resource" | "stack";
  kinds: readonly SharingKind[];
  config: Config;
  check(resources: readonly SharingResource[], config: z.output<Config>): Finding[];
}

/** A rule from its typed definition: its configuration's schema is the zod schema's, and is parsed once per check. */
export function defineRule<Config extends z.ZodObject>(definition: RuleDefinition<Config>): MailboxRule {
  const json = z.toJSONSchema(definition.config, { target: "draft-7", io: "input" }) as {
    properties?: Record<string, object>;
    required?: string[];
  };
  return {
    name: definition.name,
    description: definition.description,
    enforcementLevel: definition.enforcementLevel,
    configSchema: {
      properties: json.properties ?? {},
      ...(json.required ? { required: json.required } : {}),
    },
    scope: definition.scope,
    kinds: definition.kinds,
    findings: (resources, raw) => {
      const parsed = definition.config.safeParse(raw ?? {});
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const settings = Object.keys(definition.config.shape).join(", ");
        const where = issue?.path.join(".") ?? "";
        const keys = issue?.code === "unrecognized_keys" ? issue.keys.map((k) => `"${k}"`).join(", ") : "";
        const problem =
          keys === ""
            ? `${where}: ${issue?.message ?? "invalid"}`
            : where === ""
              ? `unknown setting ${keys} (the rule's settings: ${settings}, enforcementLevel)`
              : `${where}: unknown key ${keys}`;
        throw new Error(`policy config of ${definition.name}: ${problem}`);
      }
      const concerned = resources.filter((r) => definition.kinds.includes(r.kind));
      return concerned.length === 0 ? [] : definition.check(concerned, parsed.data);
    },
  };
}

/** A resource rule's findings for its one resource, from messages. */
export function onResource(resource: SharingResource, messages: string[]): Finding[] {
  return messages.map((message) => ({ urn: resource.urn, message }));
}
