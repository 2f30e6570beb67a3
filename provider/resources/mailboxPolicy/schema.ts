import { z } from "zod";
import { EmailInput, MailboxInput } from "../../fields/addresses";
import { AccountId, MailHostingId } from "../../fields/ids";
import { PolicyMode } from "../../fields/policyMode";
import { AcknowledgedInput } from "../../fields/review";
import { strictInputs } from "../../fields/strictInputs";
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
