/**
 * What the provider assumes about the live Infomaniak API, each checked by `doctor`: where the
 * assumption comes from, and what the provider does when the API answers otherwise. The README's
 * "Compatibility with the live API" section lists the same entries.
 */
export const ASSUMPTIONS = {
  token: {
    title: "The token reads organisations (scope `accounts`) and mail hostings (scope `mail`)",
    source: "Infomaniak's API notes; a live 403 names the missing scope with code `all_scopes`",
    otherwise: "every preview fails with Infomaniak's error code and the scope it names",
  },
  accountUsersUnpaginated: {
    title: "`GET /2/accounts/{account}/users` answers the whole list, without pagination fields",
    source: "clients that ran against the live API (the spec declares pagination)",
    otherwise: "the provider follows the pages whenever the answer carries them",
  },
  mailHostingProducts: {
    title: "An account's mail hostings are its `email_hosting` products (`GET /1/products`)",
    source: "Infomaniak's core spec; the product id is the mail hosting id (observed by other clients)",
    otherwise:
      "only products that the answer says are this account's `email_hosting` count: a mail hosting not found names the mistake in preview",
  },
  accessFamily: {
    title:
      "A mail hosting answers the new `accesses/webmail` routes, or 501 while still on the legacy routes",
    source: "the spec's migration note",
    otherwise:
      "any error other than 501 fails the preview with Infomaniak's code; it is never read as no access",
  },
  webmailListingKinds: {
    title: "The webmail listing holds user accesses, team accesses and invitations only",
    source: "Infomaniak's newest docs (`user accesses, team accesses, and invitations`)",
    otherwise:
      "an item of another kind is kept and shown (reports, `MailboxPolicy`), never revoked, never read as no access",
  },
  teamAccessItem: {
    title: "A team's access is listed as a `team_access` item with `team.id`",
    source: "assumed: the key name is in no public material",
    otherwise: "a team item under another key is shown as an item of unknown kind and left alone",
  },
  legacyListingOptionalFields: {
    title: "The legacy listing shows each user's `permissions` and the `invitations`",
    source: "both are optional in the full spec",
    otherwise:
      "missing invitations are read from the invitations route; missing rights are unknown (kept as recorded, never read as none)",
  },
  restrictedLoginIdentifier: {
    title: "A mailbox says whether it can be shared by link (`can_create_webmail_access`)",
    source: "the spec's mailbox representation (top level, and `access_rights` in the full spec)",
    otherwise: "an invitation to such a mailbox fails at apply time, with the same explanation as in preview",
  },
  rateLimit: {
    title: "60 requests a minute per token; the send route has its own one-a-minute limit",
    source: "Infomaniak's getting-started page; no rate-limit headers are documented",
    otherwise:
      "the provider paces itself at `infomaniak:requestsPerMinute` and waits out 429s (Retry-After when sent)",
  },
} as const;

export type AssumptionId = keyof typeof ASSUMPTIONS;

export const VERDICTS = ["holds", "differs", "failed", "not checked"] as const;
export type Verdict = (typeof VERDICTS)[number];

/** One assumption's verdict: what was seen, in plain words. */
export interface Finding {
  id: AssumptionId;
  verdict: Verdict;
  seen: string;
}
