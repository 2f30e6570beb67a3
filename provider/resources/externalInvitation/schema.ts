import { z } from "zod";
import { InvitationLanguage } from "../../api/schemas";
import { EmailInput, MailboxInput } from "../../fields/addresses";
import { AccountId, MailHostingId } from "../../fields/ids";
import { PermissionsInput, PresetInput } from "../../permissions";
import { ReviewInput } from "../../fields/review";
import { strictInputs } from "../../fields/strictInputs";
import { CheckedOnMailbox } from "../onMailbox";
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
