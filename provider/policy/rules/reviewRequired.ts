import { z } from "zod";
import { defineRule, onResource } from "../rule";
import { addDays, utcToday } from "../../fields/review";
import { IsoDate } from "../ruleConfig";
import type { SharingResource } from "../sharingResource";
import { describe, mailboxOf, whoOf } from "../sharingResource";

function problems(resource: SharingResource, latest: string, maxDaysAhead: number): string[] {
  const { review } = resource.props;
  const what = `${describe(resource.kind, resource.name)} (${whoOf(resource)} on ${mailboxOf(resource)})`;
  if (!review)
    return [
      `${what} has no review: add review: { reason, owner, reviewAfter } (in a spec file: reason, owner ` +
        `and reviewAfter on the grant), so every access says why it exists and who answers for it.`,
    ];
  const missing = (["reason", "owner", "reviewAfter"] as const).filter((key) => !review[key]?.trim());
  if (missing.length > 0)
    return [`${what} has no review ${missing.join(", ")}: add ${missing.join(" and ")}.`];
  if (review.reviewAfter && review.reviewAfter > latest)
    return [
      `${what} is next reviewed on ${review.reviewAfter}, more than ${maxDaysAhead} days ahead: set ` +
        `reviewAfter on or before ${latest}, or raise "maxDaysAhead" in the policy config.`,
    ];
  return [];
}

export const reviewRequired = defineRule({
  name: "infomaniak-review-required",
  description:
    "Every grant and invitation carries a review with a reason and an owner, next reviewed within maxDaysAhead days.",
  enforcementLevel: "advisory",
  scope: "resource",
  kinds: ["mailboxAccess", "externalInvitation"],
  config: z.strictObject({
    maxDaysAhead: z
      .number({ error: "maxDaysAhead is a number of days" })
      .int({ error: "maxDaysAhead is a whole number of days" })
      .positive({ error: "maxDaysAhead must be at least 1" })
      .default(365),
    /** The date rules count from (default: today, UTC): set it for reproducible previews and tests. */
    today: IsoDate.optional(),
  }),
  check: (resources, { maxDaysAhead, today }) => {
    const latest = addDays(today ?? utcToday(), maxDaysAhead);
    return resources.flatMap((r) => onResource(r, problems(r, latest, maxDaysAhead)));
  },
});
