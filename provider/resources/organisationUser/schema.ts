import { z } from "zod";
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
