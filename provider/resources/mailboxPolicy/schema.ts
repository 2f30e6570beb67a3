import { z } from "zod";
import type { FieldTable } from "../../engine/fields";
import { EmailInput, MailboxInput } from "../../fields/addresses";
import { AccountId, MailHostingId } from "../../fields/ids";
import { PolicyMode } from "../../fields/policyMode";
import { AcknowledgedInput } from "../../fields/review";
import { strictInputs } from "../../fields/strictInputs";
import { containsUnknown } from "../../engine/protocol";
import { emailKey } from "../../people";
import { DeclaredIn } from "../wording";

/** What the program declares: who is managed on the mailbox, and what happens to everyone else. */
export const Declared = strictInputs({
  mailHostingId: MailHostingId,
  mailbox: MailboxInput,
  /** The organisation the mail hosting is expected in: checked first, in preview. */
  accountId: AccountId.optional(),
  mode: PolicyMode,
  managedEmails: z.array(EmailInput, { error: "managedEmails is a list of e-mail addresses" }).default([]),
  managedUserIds: z
    .array(z.number().int().positive().nullable(), {
      error: "managedUserIds is a list of Infomaniak user ids (null entries are ignored)",
    })
    .default([]),
  /** The keys of links the program declares (ExternalInvitation's `key`): a link not e-mailed has no recipient to match. */
  managedLinkKeys: z
    .array(z.string().min(1), { error: "managedLinkKeys is a list of invitation link keys" })
    .default([]),
  acknowledged: z
    .array(AcknowledgedInput, { error: "acknowledged is a list of { who, reason, owner }" })
    .default([]),
  declaredIn: DeclaredIn.optional(),
});
export type Declared = z.infer<typeof Declared>;

/**
 * Someone who can open the mailbox without being declared: an access or a pending link (revocable),
 * a team, or a listing item of a kind this provider does not know (both shown, never revoked: what
 * it cannot identify it does not remove). `permissions` is null where the listing did not show them.
 */
export const Unmanaged = z.object({
  kind: z.enum(["access", "invitation", "team", "unknown"]),
  email: z.string(),
  userId: z.number().nullable(),
  key: z.string().nullable().default(null),
  teamId: z.number().nullable().default(null),
  /** Who it is, for people to read: the address, `team 7 (Sales)`, or the unknown item's keys. */
  label: z.string().default(""),
  permissions: z.record(z.string(), z.boolean()).nullable(),
});
export type Unmanaged = z.infer<typeof Unmanaged>;

/** Which access, link, team or item an entry is: its kind and what identifies it. */
export function identity(u: Unmanaged): string {
  return `${u.kind}:${u.userId ?? u.key ?? u.teamId ?? u.label}`;
}

/** The same addresses, whatever their case and order; older states stored none. Unknown entries wait for up. */
function sameEmails(next: unknown, old: readonly string[] | undefined): boolean {
  if (!Array.isArray(next) || containsUnknown(next)) return true;
  const key = (list: readonly unknown[]) =>
    [...new Set(list.map((e) => emailKey(String(e))))].sort().join(" ");
  return key(next) === key(old ?? []);
}

/** The same people with the same rights, whatever the order; a value that is not a list never is. */
function sameUnmanaged(next: unknown, old: readonly Unmanaged[]): boolean {
  const parsed = Unmanaged.array().safeParse(next);
  const keys = (list: readonly Unmanaged[]) =>
    list
      .map((u) => `${identity(u)}:${JSON.stringify(u.permissions)}`)
      .sort()
      .join("\n");
  return parsed.success && keys(parsed.data) === keys(old);
}

/** What `check` hands on: the mailbox by name and address, and what its listing holds beyond the declaration. */
export const Checked = z.object({
  mailHostingId: z.number(),
  mailbox: z.string(),
  /** Known from check onwards: state written by 0.1 has neither. */
  accountId: z.number().optional(),
  address: z.string().optional(),
  mode: PolicyMode,
  managedEmails: z.array(z.string()),
  managedUserIds: z.array(z.number().nullable()),
  /** States written before 0.2 have none. */
  managedLinkKeys: z.array(z.string()).default([]),
  acknowledged: z.array(AcknowledgedInput).default([]),
  /** What the mailbox's live listing holds beyond the declaration, when `check` ran. */
  unmanaged: z.array(Unmanaged),
  /**
   * Authoritative: whom this run revokes (the revocable of `unmanaged`), kept in the stored inputs so
   * that the next check knows whom the policy revoked last (states written before 0.2 have none).
   */
  revoking: z.array(Unmanaged).default([]),
});
export type Checked = z.infer<typeof Checked>;

export const State = Checked.extend({ address: z.string() });
export type State = z.infer<typeof State>;

const seenInUnmanaged = "a change shows in `unmanaged`, what the mailbox holds beyond the declaration";

/** Every field of the contract: what it is, whether it is an output, what a change to it does. */
export const fields = {
  mailHostingId: {
    change: "replace",
    description: "The mail hosting (service) id, as in the Manager's URL.",
  },
  mailbox: {
    change: "replace",
    description: "The mailbox: its name (`support`) or its address (`support@example.ch`).",
  },
  accountId: {
    change: "ignored",
    output: "output",
    description:
      "The organisation (account) the mail hosting belongs to: when given, a mismatch fails the preview.",
  },
  address: { change: "ignored", output: "output", description: "The mailbox's full address." },
  mode: {
    change: "update",
    description:
      "`authoritative`: every access and pending link on the mailbox that the program does not declare is revoked. `report-only`: they are only listed (the `unmanaged` output and the permission report).",
  },
  managedEmails: {
    // Addresses are known in preview: a change shows there, and is stored, or a refresh would judge
    // the mailbox by the old declaration and list a newly declared grant as undeclared.
    change: "update",
    same: sameEmails,
    description: `Addresses whose access or link the program declares (members granted access, people invited): ${seenInUnmanaged}.`,
  },
  managedUserIds: {
    change: "ignored",
    description: `User ids whose access the program declares, e.g. an ExternalInvitation's \`acceptedUserId\`: ${seenInUnmanaged}.`,
  },
  managedLinkKeys: {
    change: "ignored",
    description: `Keys of links the program declares (each ExternalInvitation's \`key\`): a link not e-mailed has no recipient yet; ${seenInUnmanaged}.`,
  },
  acknowledged: {
    change: "ignored",
    description:
      "Undeclared access known and accepted for now (`{ who, reason, owner }`): still listed by the permission report, but `--fail-on-drift` passes it. Authoritative mode revokes undeclared people all the same.",
  },
  unmanaged: {
    change: "update",
    output: "output",
    same: sameUnmanaged,
    description: "What the mailbox holds beyond the declaration: empty after an authoritative apply.",
  },
  revoking: { change: "ignored", description: "Whom this run revokes (authoritative mode; state only)." },
  declaredIn: {
    description:
      "Set by the Organisation component: advice in errors then names the spec's fields (not stored).",
  },
} as const satisfies FieldTable<Declared, Checked, State>;
