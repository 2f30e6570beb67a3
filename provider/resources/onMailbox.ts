import { z } from "zod";
import { samePermissions } from "../api/accessFamilies/accessFamily";
import type { Field, InputField } from "../engine/fields";
import { PresetInput } from "../permissions";
import { ReviewInput, reviewChanged } from "../fields/review";
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

type OnMailbox = z.infer<z.ZodObject<typeof CheckedOnMailbox>>;

/** The change behaviour and description of what every grant and link checks alike. */
export const onMailboxFields = {
  mailHostingId: {
    change: "replace",
    description: "The mail hosting (service) id, as in the Manager's URL.",
  },
  mailbox: {
    change: "replace",
    description:
      "The mailbox: its name (`support`) or its address (`support@example.ch`, on the hosting's domain).",
  },
  accountId: {
    change: "ignored",
    output: "output",
    description:
      "The organisation (account) the mail hosting belongs to: when given, a mismatch fails the preview.",
  },
  address: {
    change: "ignored",
    output: "output",
    description: "The mailbox's full address (follows from the mailbox).",
  },
  preset: {
    change: "ignored",
    description:
      "A named set of rights (`readOnly`, `delegate`, `manager`, `full`), expanded to explicit booleans (a change shows in `permissions`).",
  },
  permissions: {
    change: "update",
    output: "output",
    same: (next, old) => samePermissions(next ?? {}, old),
    description: "Explicit rights by Infomaniak's names; they override the preset's. Changed in place.",
  },
  adopt: {
    change: "ignored",
    description: "Take over an access or a pending link that already exists for this person (at creation).",
  },
  review: {
    change: "state",
    same: (next, old) => !reviewChanged(next, old),
    description:
      "Why it exists and until when (`reason`, `owner`, `reviewAfter`, `expiresAt`): stored, shown by the permission report, never sent to Infomaniak.",
  },
  existing: {
    change: "ignored",
    description: "What an adoption found at the first check (for the permission report).",
  },
  declaredIn: {
    change: "ignored",
    description: "Set by the Organisation component: advice in errors then names the spec's fields.",
  },
} as const satisfies { [K in keyof OnMailbox]-?: InputField<OnMailbox[K]> };

/** The state's family, as every grant and link stores it. */
export const familyField = {
  output: "output",
  description: "`webmail` (new) or `legacy`: the account's access family.",
} as const satisfies Field;

/** When this stack last changed the access or link, as every grant and link stores it. */
export const lastWriteAtField = {
  description: "When this stack last changed it (ms since the epoch; state only).",
} as const satisfies Field;

/** The resolved mailbox, as the checked inputs name it. */
export function checkedMailbox(target: MailboxTarget) {
  return {
    mailHostingId: target.mailHostingId,
    mailbox: target.mailboxName,
    accountId: target.accountId,
    address: target.address,
  };
}

/** The declared terms the checked inputs keep as they are (undefined: not declared, left out by `complete`). */
export function declaredTerms(declared: {
  preset?: z.infer<typeof PresetInput> | undefined;
  adopt?: boolean | undefined;
  review?: z.infer<typeof ReviewInput> | undefined;
  declaredIn?: DeclaredIn | undefined;
}) {
  return {
    preset: declared.preset || undefined,
    adopt: declared.adopt,
    review: declared.review || undefined,
    declaredIn: declared.declaredIn || undefined,
  };
}
