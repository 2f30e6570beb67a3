import type { PendingLink } from "./api/accessFamilies/accessFamily";
import { sameEmail } from "./people";

/**
 * Invitation links and their time. The API gives expiry in seconds since the epoch; the state keeps
 * an external invitation's expiry as ISO 8601 text (what people read) and write times in milliseconds
 * (`lastWriteAt`). Conversions and the "still live" rule live here, judged on this machine's clock.
 */

/** Seconds since the epoch (the API's unit) as ISO 8601 text (the state's). */
export function isoOfSeconds(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

/** A link (or invitation) expiring at `expiresAt` seconds can still be answered; null: it does not expire. */
export function isLive(expiresAt: number | null, nowMs: number = Date.now()): boolean {
  return expiresAt === null || expiresAt * 1000 > nowMs;
}

/** Whether an expiry written as ISO 8601 text has passed. */
export function isoHasPassed(iso: string, nowMs: number = Date.now()): boolean {
  return Date.parse(iso) <= nowMs;
}

/** The live link sent to an address, if any: an expired link is dead and stands in nobody's way. */
export function liveLinkTo<T extends Pick<PendingLink, "sentTo" | "expiresAt">>(
  links: readonly T[],
  email: string,
): T | undefined {
  return links.find((link) => sameEmail(link.sentTo, email) && isLive(link.expiresAt));
}

/**
 * How long a mailbox link stays valid after it is created (SPEC_CHOICES.linkLifetime): the listing
 * gives no creation time, so it is the expiry less this.
 */
export const LINK_LIFETIME_SECONDS = 7 * 24 * 3600;
/** Clocks of this machine and Infomaniak's may differ by this much. */
const CLOCK_SLACK_SECONDS = 120;

/**
 * The link an interrupted run created for a guest but never e-mailed, when exactly one fits: live, no
 * recipient, the declared rights, created after the run started. None, or several (which one is the
 * guest's cannot be told): undefined, and the link(s) are left to a person.
 */
export function unsentLinkSince<T extends Pick<PendingLink, "sentTo" | "expiresAt" | "permissions">>(
  links: readonly T[],
  sameRights: (link: T) => boolean,
  runStartedAt: string,
): T | undefined {
  const since = Date.parse(runStartedAt) / 1000 - CLOCK_SLACK_SECONDS;
  const fitting = links.filter(
    (link) =>
      link.sentTo === "" &&
      isLive(link.expiresAt) &&
      sameRights(link) &&
      link.expiresAt - LINK_LIFETIME_SECONDS >= since,
  );
  return fitting.length === 1 ? fitting[0] : undefined;
}
