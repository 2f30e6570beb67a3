import { z } from "zod";
import { defineRule, onResource } from "../rule";
import { Domain } from "../ruleConfig";
import { describe, mailboxOf, whoOf } from "../sharingResource";

export const guestDomains = defineRule({
  name: "infomaniak-guest-domains",
  description: "Guests are invited only from the allowed domains (an empty list allows any).",
  enforcementLevel: "advisory",
  scope: "resource",
  kinds: ["externalInvitation"],
  config: z.strictObject({ allowedDomains: z.array(Domain).default([]) }),
  check: (resources, { allowedDomains }) =>
    resources.flatMap((link) => {
      const domain = link.props.email?.split("@").pop()?.toLowerCase();
      const allowed = allowedDomains.length === 0 || domain === undefined || allowedDomains.includes(domain);
      return onResource(
        link,
        allowed
          ? []
          : [
              `${describe(link.kind, link.name)} invites ${whoOf(link)} to ${mailboxOf(link)}, but guests may ` +
                `come only from ${allowedDomains.join(", ")}. Invite an address of one of those domains, or ` +
                `add ${domain} to "allowedDomains" in the policy config.`,
            ],
      );
    }),
});
