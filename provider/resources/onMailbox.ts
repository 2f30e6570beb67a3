import { z } from "zod";
import { PresetInput } from "../permissions";
import { ReviewInput } from "../fields/review";
import { Existing } from "./adoption";
import type { MailboxTarget } from "./mailboxTarget";
import type { DeclaredIn } from "./wording";
import { DeclaredIn as DeclaredInSchema } from "./wording";

/**
 * What grants and invitation links on one mailbox have in common once checked: the mailbox by name
 * and address (so that the permission report names it the same before and after creation) and its
 * organisation; the rights, every one of the family explicit; why and how they were declared.
 */
export const CheckedOnMailbox = {
  mailHostingId: z.number(),
  mailbox: z.string(),
  accountId: z.number(),
  address: z.string(),
  preset: PresetInput.optional(),
  permissions: z.record(z.string(), z.boolean()),
  adopt: z.boolean().optional(),
  review: ReviewInput.optional(),
  existing: Existing.optional(),
  declaredIn: DeclaredInSchema.optional(),
};

/** The resolved mailbox, as the checked inputs name it. */
export function checkedMailbox(target: MailboxTarget) {
  return {
    mailHostingId: target.mailHostingId,
    mailbox: target.mailboxName,
    accountId: target.accountId,
    address: target.address,
  };
}

/** The declared terms the checked inputs keep as they are, where declared. */
export function declaredTerms(declared: {
  preset?: z.infer<typeof PresetInput> | undefined;
  adopt?: boolean | undefined;
  review?: z.infer<typeof ReviewInput> | undefined;
  declaredIn?: DeclaredIn | undefined;
}) {
  return {
    ...(declared.preset ? { preset: declared.preset } : {}),
    ...(declared.adopt !== undefined ? { adopt: declared.adopt } : {}),
    ...(declared.review ? { review: declared.review } : {}),
    ...(declared.declaredIn ? { declaredIn: declared.declaredIn } : {}),
  };
}
