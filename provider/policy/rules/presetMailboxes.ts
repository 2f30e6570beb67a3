import { z } from "zod";
import { PERMISSION_PRESETS } from "../../permissions";
import type { PermissionPreset } from "../../permissions";
import { defineRule, onResource } from "../rule";
import { MailboxPatterns, Preset } from "../ruleConfig";
import type { SharingResource } from "../sharingResource";
import { describe, matchesPattern, whoOf } from "../sharingResource";

/**
 * Whether a grant or link amounts to a preset: it names it, or grants every right the preset grants
 * (so spelling the rights out does not get round the rule). `readOnly` grants nothing: only its name counts.
 */
function amountsTo(resource: SharingResource, preset: PermissionPreset): boolean {
  if (resource.props.preset === preset) return true;
  const permissions = resource.props.permissions ?? {};
  const names = Object.keys(permissions);
  const rights = PERMISSION_PRESETS[preset];
  const wanted = rights === "all" ? names : rights.filter((r) => names.includes(r));
  return wanted.length > 0 && wanted.every((r) => permissions[r] === true);
}

export const presetMailboxes = defineRule({
  name: "infomaniak-preset-mailboxes",
  description:
    "A preset listed in the policy config (for example full) is used only on the mailboxes its patterns match.",
  enforcementLevel: "advisory",
  scope: "resource",
  kinds: ["mailboxAccess", "externalInvitation"],
  config: z.strictObject({
    presets: z
      .partialRecord(Preset, MailboxPatterns, {
        error: 'presets maps a preset to mailbox patterns, such as { "full": ["shared-*@client.example"] }',
      })
      .default({}),
  }),
  check: (resources, { presets }) =>
    resources.flatMap((r) => {
      const address = r.props.address;
      if (!address) return [];
      const refused = Object.entries(presets).filter(
        ([preset, patterns]) =>
          amountsTo(r, preset as PermissionPreset) &&
          !(patterns ?? []).some((p) => matchesPattern(address, p)),
      );
      return onResource(
        r,
        refused.map(
          ([preset, patterns]) =>
            `${describe(r.kind, r.name)} gives ${whoOf(r)} the ${preset} preset's rights on ${address}, but ` +
            `${preset} is allowed only on ${(patterns ?? []).join(", ") || "no mailbox"}. Choose a smaller ` +
            `preset or fewer rights, or add a pattern under "presets.${preset}" in the policy config.`,
        ),
      );
    }),
});
