import { PolicyPack } from "@pulumi/policy";
import type { Policies, PolicyResource, ReportViolation, ResourceValidationArgs } from "@pulumi/policy";
import type { Finding, MailboxRule } from "./rule";
import { MAILBOX_RULES } from "./rules";
import { readSharing } from "./sharingResource";

/** The pack's name, as the engine and the permission report show it beside each violation. */
export const POLICY_PACK_NAME = "infomaniak-mailbox-sharing";

function report(reportViolation: ReportViolation, findings: Finding[], stack: boolean) {
  // A resource rule's violation is always about the resource being validated: the engine adds its URN.
  for (const f of findings)
    if (stack) reportViolation(f.message, f.urn);
    else reportViolation(f.message);
}

function resourceOf(args: ResourceValidationArgs | PolicyResource) {
  return readSharing({ type: args.type, name: args.name, urn: args.urn, props: args.props });
}

/** A rule as `@pulumi/policy` runs it. */
function toPolicy(rule: MailboxRule): Policies[number] {
  const common = {
    name: rule.name,
    description: rule.description,
    enforcementLevel: rule.enforcementLevel,
    configSchema: rule.configSchema,
  };
  if (rule.scope === "stack")
    return {
      ...common,
      validateStack: (args, reportViolation) => {
        const resources = args.resources.flatMap((r) => resourceOf(r) ?? []);
        report(reportViolation, rule.findings(resources, args.getConfig()), true);
      },
    };
  return {
    ...common,
    validateResource: (args, reportViolation) => {
      const resource = resourceOf(args);
      if (resource) report(reportViolation, rule.findings([resource], args.getConfig()), false);
    },
  };
}

/** The rules as policies, to run in a pack of one's own beside other policies. */
export function mailboxSharingPolicies(): Policies {
  return MAILBOX_RULES.map(toPolicy);
}

/** The pack this package ships (`policy-pack/`): every rule, each configurable through the policy config. */
export function runPolicyPack(): PolicyPack {
  return new PolicyPack(POLICY_PACK_NAME, { policies: mailboxSharingPolicies() });
}
