import * as pulumi from "@pulumi/pulumi";
import { hasEnded, IsoDate, utcToday } from "../provider/fields/review";
import type { Review } from "./permissions";

/**
 * The day a program counts end dates against: `today` when given, else the stack's `infomaniak:today`
 * (for reproducible previews and tests), else today (UTC).
 */
export function programToday(today?: string): string {
  // Read on every call: an Automation API program runs again in the same process, with new config.
  const day = today ?? new pulumi.Config("infomaniak").get("today") ?? utcToday();
  if (!IsoDate.safeParse(day).success)
    throw new pulumi.RunError(
      `infomaniak:today is "${day}": write the date as YYYY-MM-DD, such as 2027-03-31`,
    );
  return day;
}

/** A review given as a value, not an output or a promise: it can be read while the program runs. */
function isPlain(review: pulumi.Input<Review>): review is Review {
  return !pulumi.Output.isInstance(review) && !(review instanceof Promise);
}

/**
 * Warns in every preview about a grant or link declared with an end date that has passed: declared
 * directly, it stays until the declaration is removed (a spec file stops declaring it by itself).
 */
export function warnWhenEnded(
  resource: pulumi.Resource,
  name: string,
  review: pulumi.Input<Review> | undefined,
): void {
  const check = (r: Review | undefined) => {
    // The day is read only for a review that has an end date: most have none.
    if (r?.expiresAt !== undefined && hasEnded(r, programToday()))
      void pulumi.log.warn(
        `${name}: review.expiresAt ${r.expiresAt} has passed, and the access is still declared: remove ` +
          `the declaration (up then revokes it), or set a later expiresAt`,
        resource,
      );
  };
  if (review === undefined) return;
  // Outputs only where the review is one: a plain value costs no promise per resource.
  if (isPlain(review)) check(review);
  else pulumi.output(review).apply(check);
}
