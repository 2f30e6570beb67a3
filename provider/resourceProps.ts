import { z } from "zod";
import { StoredReview } from "./fields/review";
import { State as LinkState } from "./resources/externalInvitation/schema";
import { State as GrantState } from "./resources/mailboxAccess/schema";

/**
 * What the package's own readers (the policy pack, `access --declared`) read of a resource of this
 * package, from its checked inputs or its stored state, by the names the kinds' schemas give: a
 * tolerant reader, every field may be missing (a preview's unknowns, an older version's state) and
 * other keys are ignored; what is there must be of its kind's type.
 */
export const ResourceProps = z
  .looseObject({
    ...GrantState.pick({ mailHostingId: true, mailbox: true, address: true, userEmail: true }).shape,
    userId: GrantState.shape.userId,
    ...LinkState.pick({ email: true, acceptedUserId: true }).shape,
    /** Read as text: a preset an older version knew is still read. */
    preset: z.string(),
    permissions: GrantState.shape.permissions,
    review: StoredReview,
    /** A policy's live holders beyond its declaration. */
    unmanaged: z.array(
      z.looseObject({ email: z.string(), permissions: z.record(z.string(), z.boolean()).nullable() }),
    ),
  })
  .partial();
export type ResourceProps = z.infer<typeof ResourceProps>;
