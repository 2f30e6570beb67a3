import { z } from "zod";
import { defineRule, onResource } from "../rule";
import { MailboxPatterns } from "../ruleConfig";
import { describe, matchesPattern, whoOf } from "../sharingResource";

export const unsharedMailboxes = defineRule({
  name: "infomaniak-unshared-mailboxes",
  description: "The mailboxes the policy config lists are never shared, with members or with guests.",
  enforcementLevel: "mandatory",
  scope: "resource",
  kinds: ["mailboxAccess", "externalInvitation"],
  config: z.strictObject({ mailboxes: MailboxPatterns.default([]) }),
  check: (resources, { mailboxes }) =>
    resources.flatMap((r) => {
      const address = r.props.address;
      const pattern = address && mailboxes.find((p) => matchesPattern(address, p));
      return onResource(
        r,
        pattern
          ? [
              `${describe(r.kind, r.name)} shares ${address} with ${whoOf(r)}, but the policy config lists ` +
                `it as never shared (${pattern}). Remove the declaration; to keep the mailbox unshared at ` +
                `Infomaniak too, declare a MailboxPolicy with mode "authoritative" and nobody managed.`,
            ]
          : [],
      );
    }),
});
