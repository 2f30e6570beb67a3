import { z } from "zod";
import { emailKey } from "../people";

const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** A calendar date, `YYYY-MM-DD`, that exists. */
export const IsoDate = z
  .string({ error: 'a date is written YYYY-MM-DD, such as "2027-03-31"' })
  .refine((value) => ISO_DATE.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), {
    error: 'must be a real date written YYYY-MM-DD, such as "2027-03-31"',
  });

/**
 * What reviewers ask of every grant: why, who answers for it, when to look again (and an end date).
 * `prefix` is where the fields are written (`review.` on a resource; nothing in a spec's grant).
 */
export function reviewFields(prefix: string) {
  const why = "say why this access is needed";
  return {
    reason: z
      .string({ error: `${prefix}reason is required: ${why}` })
      .trim()
      .min(1, { error: `${prefix}reason must not be empty: ${why}` }),
    owner: z
      .string({ error: `${prefix}owner is required: who answers for this access (a person or team)` })
      .trim()
      .min(1, { error: `${prefix}owner must not be empty: name who answers for this access` }),
    reviewAfter: IsoDate,
    expiresAt: IsoDate.optional(),
  };
}

/**
 * Why a grant exists and until when: stored with the resource and shown by the permission report, never
 * sent to Infomaniak. A resource past its `expiresAt` warns; a spec file's Organisation stops declaring it.
 */
export const ReviewInput = z.strictObject(reviewFields("review."), {
  error: (issue) =>
    issue.code === "unrecognized_keys"
      ? `unknown review field: ${issue.keys.join(", ")} (use reason, owner, reviewAfter, expiresAt)`
      : "review is { reason, owner, reviewAfter, expiresAt? }",
});
export type Review = z.infer<typeof ReviewInput>;

/**
 * A review as read back from a state or checked inputs (the access review, the policy pack): a
 * tolerant reader, every field may be missing and other keys are ignored.
 */
export const StoredReview = z.looseObject({
  reason: z.string().optional(),
  owner: z.string().optional(),
  reviewAfter: z.string().optional(),
  expiresAt: z.string().optional(),
});

/**
 * Someone known to hold access without being declared (a team, a colleague in transition), with
 * why and who answers for it: the permission report still lists it, but the drift gate passes it.
 */
export const AcknowledgedInput = z.strictObject(
  {
    who: z
      .string({ error: "acknowledged[].who is the address or team label the report shows" })
      .trim()
      .min(1, { error: "acknowledged[].who must not be empty" }),
    reason: z
      .string({ error: "acknowledged[].reason is required: why this access may stay undeclared" })
      .trim()
      .min(1, { error: "acknowledged[].reason must not be empty" }),
    owner: z
      .string({ error: "acknowledged[].owner is required: who answers for it" })
      .trim()
      .min(1, { error: "acknowledged[].owner must not be empty" }),
  },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `unknown acknowledged field: ${issue.keys.join(", ")} (use who, reason, owner)`
        : "each acknowledged entry is { who, reason, owner }",
  },
);

export type Acknowledged = z.infer<typeof AcknowledgedInput>;

/** Whether an acknowledgement names an entry: by address, or by the label the report shows. */
export function acknowledges(who: string, entry: { email: string; label?: string | undefined }): boolean {
  const name = who.trim().toLowerCase();
  return name !== "" && (name === emailKey(entry.email) || name === entry.label?.toLowerCase());
}

/** Today's date in UTC, `YYYY-MM-DD`: the day end dates and reviews are counted against by default. */
export function utcToday(): string {
  return new Date().toISOString().slice(0, 10);
}

/** The date `days` after `date` (both `YYYY-MM-DD`, UTC). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Whether a grant's end date has passed: `expiresAt` is its last day, so it has ended from the day
 * after (dates are `YYYY-MM-DD`: text order is date order).
 */
export function hasEnded(review: { expiresAt?: string | undefined } | undefined, today: string): boolean {
  return review?.expiresAt !== undefined && review.expiresAt < today;
}

/** Whether two stored reviews differ (either may be absent; the state does not keep key order). */
export function reviewChanged(a: unknown, b: unknown): boolean {
  const field = (review: unknown, key: keyof Review) =>
    typeof review === "object" && review !== null ? (review as Record<string, unknown>)[key] : undefined;
  return (["reason", "owner", "reviewAfter", "expiresAt"] as const).some(
    (key) => field(a, key) !== field(b, key),
  );
}
