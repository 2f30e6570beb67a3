import { z } from "zod";
import type { Finding } from "../rule";
import { defineRule } from "../rule";
import { Right } from "../ruleConfig";
import type { SharingResource } from "../sharingResource";
import { mailboxKey } from "../../fields/addresses";
import { grantedRights } from "../../permissions";
import { describe, mailboxOf, whoOf } from "../sharingResource";

interface Holder {
  who: string;
  /** The declaring resource; a policy's undeclared holder has none of its own. */
  resource: SharingResource | undefined;
}

/** A mailbox's key, its hosting and name, whether a resource names it by address or by name. */
function keyOf(r: SharingResource): string {
  return mailboxKey(r.props.mailHostingId, r.props.address ?? r.props.mailbox);
}

/**
 * Who holds each right on each mailbox (named by its address where a resource knows it): grants and
 * links, and a policy's live holders it does not manage.
 */
function holdersByMailbox(resources: readonly SharingResource[]): Map<string, Map<string, Holder[]>> {
  const labels = new Map(resources.filter((r) => r.props.address).map((r) => [keyOf(r), mailboxOf(r)]));
  const mailboxes = new Map<string, Map<string, Holder[]>>();
  const add = (mailbox: string, right: string, holder: Holder) => {
    const rights = mailboxes.get(mailbox) ?? new Map<string, Holder[]>();
    rights.set(right, [...(rights.get(right) ?? []), holder]);
    mailboxes.set(mailbox, rights);
  };
  for (const r of resources) {
    const mailbox = labels.get(keyOf(r)) ?? mailboxOf(r);
    if (r.kind === "mailboxPolicy") {
      for (const u of r.props.unmanaged ?? [])
        for (const right of grantedRights(u.permissions))
          add(mailbox, right, { who: u.email, resource: undefined });
    } else
      for (const right of grantedRights(r.props.permissions))
        add(mailbox, right, { who: whoOf(r), resource: r });
  }
  return mailboxes;
}

export const rightHolders = defineRule({
  name: "infomaniak-right-holders",
  description: "At most the configured number of people hold a given right on one mailbox.",
  enforcementLevel: "advisory",
  scope: "stack",
  kinds: ["mailboxAccess", "externalInvitation", "mailboxPolicy"],
  config: z.strictObject({
    limits: z
      .partialRecord(
        Right,
        z.number({ error: "a limit is a number of people" }).int().min(0, { error: "a limit is 0 or more" }),
        {
          error:
            'limits maps a right to the most people who may hold it, such as { "can_manage_security": 2 }',
        },
      )
      .default({ can_manage_security: 2 }),
  }),
  check: (resources, { limits }): Finding[] => {
    const findings: Finding[] = [];
    for (const [mailbox, rights] of holdersByMailbox(resources)) {
      for (const [right, limit] of Object.entries(limits)) {
        const holders = rights.get(right) ?? [];
        if (limit === undefined || holders.length <= limit) continue;
        const undeclared = holders.filter((h) => !h.resource).length;
        const message =
          `${holders.length} people would hold ${right} on ${mailbox} (${holders.map((h) => h.who).join(", ")}` +
          `${undeclared > 0 ? `; ${undeclared} of them held live without a declaration` : ""}), at most ${limit} ` +
          `allowed. Take ${right} away from ${holders.length - limit} of them, or raise "limits.${right}" in ` +
          `the policy config.`;
        for (const h of holders)
          if (h.resource)
            findings.push({
              urn: h.resource.urn,
              message: `${describe(h.resource.kind, h.resource.name)}: ${message}`,
            });
      }
    }
    return findings;
  },
});
