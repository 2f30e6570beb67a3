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
