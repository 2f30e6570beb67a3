import { z } from "zod";
import type { FieldTable } from "../../engine/fields";
import { sameEmail } from "../../people";
import { AccountLocale, Role } from "../../api/schemas";
import { EmailInput, PersonName } from "../../fields/addresses";
import { AccountId } from "../../fields/ids";
import { strictInputs } from "../../fields/strictInputs";

/** What the program declares: a person in the organisation, invited or adopted. */
/** Who a person is and how they join: what a spec file's members declare too. */
export const PersonFields = {
  email: EmailInput,
  firstName: PersonName("firstName"),
  lastName: PersonName("lastName"),
  locale: AccountLocale.optional(),
  role: Role.optional(),
  /** Already in the organisation (or invited): take them over instead of inviting them. */
  adopt: z.boolean({ error: "adopt is true or false" }).optional(),
};

export const Declared = strictInputs({ accountId: AccountId, ...PersonFields });
export type Declared = z.infer<typeof Declared>;

/** What `check` hands on: the declaration with its defaults. */
export const Checked = z.object({
  accountId: z.number(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  locale: AccountLocale,
  role: Role,
  adopt: z.boolean().optional(),
});
export type Checked = z.infer<typeof Checked>;

export const MEMBER_STATUSES = ["pending", "accepted", "rejected", "cancelled", "expired"] as const;

/** The state: the checked inputs and where the person stands in the organisation. */
export const State = Checked.extend({
  userId: z.number().nullable(),
  invitationId: z.number().nullable(),
  status: z.enum(MEMBER_STATUSES),
  inviteUrl: z.string().nullable(),
});
export type State = z.infer<typeof State>;

/** Names and locale shape the invitation: a pending one is sent again, an accepted member is left alone. */
const invitationShape =
  "Used in the invitation: a change sends a pending invitation again; ignored once accepted.";

/** Every field of the contract: what it is, whether it is an output, what a change to it does. */
export const fields = {
  accountId: { change: "replace", description: "The organisation (account) id." },
  email: {
    change: "replace",
    same: (next, old) => sameEmail(next, old),
    description: "The person's address; another address is another person (letter case does not count).",
  },
  firstName: { change: "replace", description: `First name. ${invitationShape}` },
  lastName: { change: "replace", description: `Last name. ${invitationShape}` },
  locale: {
    change: "replace",
    description: `The invitation's language (default \`en_GB\`). ${invitationShape}`,
  },
  role: {
    change: "update",
    output: "output",
    description: "Default `normal`. The public API can change it only while the invitation is pending.",
  },
  adopt: {
    change: "ignored",
    description:
      "Take over a member or a pending invitation that already exists for this address (at creation).",
  },
  userId: { output: "output", description: "Their Infomaniak user id, once they are a member." },
  invitationId: { output: "output", description: "The invitation's id; null for a member adopted as such." },
  status: {
    output: "output",
    description: "The invitation's status: `pending`, `accepted`, `rejected`, `cancelled` or `expired`.",
  },
  inviteUrl: { output: "secret", description: "The invitation's acceptance link: a secret." },
} as const satisfies FieldTable<Declared, Checked, State>;
