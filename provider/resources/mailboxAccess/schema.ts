import { z } from "zod";
import type { FieldTable } from "../../engine/fields";
import { EmailInput, MailboxInput } from "../../fields/addresses";
import { AccountId, MailHostingId } from "../../fields/ids";
import { PermissionsInput, PresetInput } from "../../permissions";
import { ReviewInput } from "../../fields/review";
import { strictInputs } from "../../fields/strictInputs";
import { CheckedOnMailbox, familyField, lastWriteAtField, onMailboxFields } from "../onMailbox";
import { DeclaredIn } from "../wording";

/** What the program declares: one member's rights on one mailbox. */
export const Declared = strictInputs({
  mailHostingId: MailHostingId,
  mailbox: MailboxInput,
  /** The organisation the mail hosting is expected in: checked first, in preview. */
  accountId: AccountId.optional(),
  userId: z.number().int().positive({ error: "userId must be a positive whole number" }).optional(),
  userEmail: EmailInput.optional(),
  preset: PresetInput.optional(),
  permissions: PermissionsInput.optional(),
  adopt: z.boolean({ error: "adopt is true or false" }).optional(),
  review: ReviewInput.optional(),
  carryOnInvitation: z
    .boolean({ error: "carryOnInvitation is true (attach to their pending invitation) or false" })
    .optional(),
  declaredIn: DeclaredIn.optional(),
})
  .refine((d) => (d.userId === undefined) !== (d.userEmail === undefined), {
    error: "give exactly one of userId (the member's Infomaniak user id) or userEmail (their address)",
    path: ["userId"],
  })
  .refine((d) => !d.carryOnInvitation || d.userEmail !== undefined, {
    error: "carryOnInvitation needs userEmail: someone invited has no user id yet",
    path: ["carryOnInvitation"],
  });
export type Declared = z.infer<typeof Declared>;

/**
 * What `check` hands on: the mailbox and rights as every grant and link has them, and the user by id
 * (null until someone invited has joined).
 */
export const Checked = z.object({
  ...CheckedOnMailbox,
  userId: z.number().nullable(),
  userEmail: z.string().optional(),
  carryOnInvitation: z.boolean().optional(),
});
export type Checked = z.infer<typeof Checked>;

export const GRANT_STATUSES = ["active", "pending", "invited"] as const;

/** The state: the checked inputs and what the API says. */
export const State = Checked.extend({
  family: z.enum(["webmail", "legacy"]),
  /**
   * `pending` on the legacy family: the member was sent an invitation and has not accepted it yet.
   * `invited`: the grant rides on the person's invitation into the organisation, until they join.
   */
  status: z.enum(GRANT_STATUSES),
  invitationKey: z.string().nullable(),
  /** The organisation invitation that carries the grant while `invited`. */
  organisationInvitationId: z.number().nullable().default(null),
  /** When this stack last changed the access (ms since the epoch): see settledSharing. */
  lastWriteAt: z.number().default(0),
});
export type State = z.infer<typeof State>;

/** Every field of the contract: what it is, whether it is an output, what a change to it does. */
export const fields = {
  ...onMailboxFields,
  userId: {
    change: "replace",
    output: "output",
    description:
      "The member's Infomaniak user id; or give `userEmail`. Another member replaces the grant; null while the grant rides on an invitation (`status: invited`).",
  },
  userEmail: {
    change: "ignored",
    description:
      "The member's address in the organisation; or give `userId` (the grant follows the user id it resolves to).",
  },
  carryOnInvitation: {
    change: "ignored",
    description:
      "Accept someone invited into the organisation who has not joined yet (with `userEmail`): the grant is attached to their invitation and becomes an access when they accept.",
  },
  family: familyField,
  status: {
    output: "output",
    description:
      "`active`; `pending` on the legacy family until the member accepts the invitation it sends them; `invited` while the grant rides on the person's invitation into the organisation.",
  },
  invitationKey: {
    output: "output",
    description: "The legacy family's invitation link key, while `pending`.",
  },
  organisationInvitationId: {
    output: "output",
    description: "The organisation invitation that carries the grant while `invited`.",
  },
  lastWriteAt: lastWriteAtField,
} as const satisfies FieldTable<Declared, Checked, State>;
