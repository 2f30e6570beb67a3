import { z } from "zod";
import { defineRule, onResource } from "../rule";
import { Rights } from "../ruleConfig";
import { grantedRights } from "../../permissions";
import { describe, mailboxOf, whoOf } from "../sharingResource";

/** Rights that let whoever holds them lock the mailbox's owner out, or send its mail elsewhere. */
export const SENSITIVE_RIGHTS = [
  "can_change_password",
  "can_manage_security",
  "can_manage_redirections",
] as const;

export const outsiderRights = defineRule({
  name: "infomaniak-outsider-rights",
  description:
    "Guests invited from outside the organisation never get the rights a team decides are sensitive.",
  enforcementLevel: "mandatory",
  scope: "resource",
  kinds: ["externalInvitation"],
  config: z.strictObject({ rights: Rights.default([...SENSITIVE_RIGHTS]) }),
  check: (resources, { rights }) =>
    resources.flatMap((link) => {
      const offending = grantedRights(link.props.permissions).filter((right) =>
        rights.includes(right as never),
      );
      return onResource(
        link,
        offending.length === 0
          ? []
          : [
              `${describe(link.kind, link.name)} gives the guest ${whoOf(link)} ${offending.join(", ")} on ` +
                `${mailboxOf(link)}: guests may not hold ${rights.join(", ")}. Set ${offending
                  .map((r) => `${r}: false`)
                  .join(", ")} in permissions (or choose a preset without them), or change the rule's ` +
                `"rights" in the policy config.`,
            ],
      );
    }),
});
