import { z } from "zod";
import type { FieldTable } from "../../engine/fields";
import { InvitationLanguage } from "../../api/schemas";
import { EmailInput, MailboxInput } from "../../fields/addresses";
import { AccountId, MailHostingId } from "../../fields/ids";
import { PermissionsInput, PresetInput } from "../../permissions";
import { ReviewInput } from "../../fields/review";
import { strictInputs } from "../../fields/strictInputs";
import { sameEmail } from "../../people";
import { CheckedOnMailbox, familyField, lastWriteAtField, onMailboxFields } from "../onMailbox";
import { DeclaredIn } from "../wording";

export const OnExpiry = z.enum(["reinvite", "report"], {
  error: 'onExpiry is "reinvite" (a new link on the next up) or "report" (a warning, nothing changes)',
});

/** What the program declares: a link to one mailbox for someone outside the organisation. */
export const Declared = strictInputs({
  mailHostingId: MailHostingId,
  mailbox: MailboxInput,
  /** The organisation the mail hosting is expected in: checked first, in preview. */
  accountId: AccountId.optional(),
  email: EmailInput,
  firstName: z
    .string({ error: "firstName is text" })
    .max(100, { error: "firstName has at most 100 characters" })
    .optional(),
  lastName: z
    .string({ error: "lastName is text" })
    .max(100, { error: "lastName has at most 100 characters" })
    .optional(),
  preset: PresetInput.optional(),
  permissions: PermissionsInput.optional(),
  send: z.boolean({ error: "send is true (e-mail the link) or false (only create it)" }).optional(),
  language: InvitationLanguage.optional(),
  onExpiry: OnExpiry.optional(),
  adopt: z.boolean({ error: "adopt is true or false" }).optional(),
  review: ReviewInput.optional(),
  declaredIn: DeclaredIn.optional(),
});
export type Declared = z.infer<typeof Declared>;

/** What `check` hands on: the mailbox and rights as every grant and link has them, and how the link is sent. */
export const Checked = z.object({
  ...CheckedOnMailbox,
  email: z.string(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  send: z.boolean(),
  language: InvitationLanguage,
  onExpiry: OnExpiry,
});
export type Checked = z.infer<typeof Checked>;

export const LINK_STATUSES = ["pending", "accepted", "expired"] as const;

/** The state: the checked inputs and the link (a secret output), until it became an access. */
export const State = Checked.extend({
  family: z.enum(["webmail", "legacy"]),
  key: z.string(),
  shortUrl: z.string(),
  status: z.enum(LINK_STATUSES),
  /** ISO 8601. */
  expiresAt: z.string(),
  acceptedUserId: z.number().nullable(),
  /** When this stack last changed the invitation (ms since the epoch): see settledSharing. */
  lastWriteAt: z.number().default(0),
});
export type State = z.infer<typeof State>;

/** Every field of the contract: what it is, whether it is an output, what a change to it does. */
export const fields = {
  ...onMailboxFields,
  email: {
    change: "replace",
    same: (next, old) => sameEmail(next, old),
    description:
      "Who is invited: someone outside the organisation. Another address is another invitation (letter case does not count).",
  },
  firstName: { change: "ignored", description: "Their first name, in the invitation." },
  lastName: { change: "ignored", description: "Their last name, in the invitation." },
  send: {
    change: "ignored",
    description: "E-mail the link (default true); false only creates it (see the secret `shortUrl` output).",
  },
  language: {
    change: "ignored",
    description: "The e-mail's language (default: the organisation's, else `en`).",
  },
  onExpiry: {
    change: "ignored",
    description:
      "When the link expires unanswered: `report` (default: a warning, nothing changes) or `reinvite` (a new link on the next up).",
  },
  family: familyField,
  key: { output: "output", description: "The link's key (what a MailboxPolicy's `managedLinkKeys` names)." },
  shortUrl: { output: "secret", description: "The invitation link: a secret." },
  status: {
    output: "output",
    description: "`pending`, `accepted` (the link became an access) or `expired`.",
  },
  expiresAt: { output: "output", description: "When the link expires (ISO 8601)." },
  acceptedUserId: {
    output: "output",
    description: "The user id of whoever accepted the link; null until then.",
  },
  lastWriteAt: lastWriteAtField,
} as const satisfies FieldTable<Declared, Checked, State>;
