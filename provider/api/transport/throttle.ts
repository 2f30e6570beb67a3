import { InfomaniakApiError } from "../errors";
import type { RateLimiter } from "../rateLimiter";
import type { Send } from "./call";

/** A 429 whose code belongs to one route (SPEC_CHOICES.routeRateLimit), not the account's budget. */
const ROUTE_LIMIT_CODES: readonly string[] = ["invitation_sending_rate_limit_reached"];

export function isRouteLimit(error: InfomaniakApiError): boolean {
  return ROUTE_LIMIT_CODES.includes(error.code);
}

/**
 * The process's request budget around each request: it starts when the limiter (with its journal of
 * the last runs' requests) gives it a slot, and gives the slot back when its answer is in. A 429 on
 * the account's budget holds everyone for Retry-After (or a second); a route's own limit holds only
 * that route, which the retry layer waits out.
 */
export function throttled(limiter: RateLimiter, send: Send): Send {
  return async (call) => {
    const release = await limiter.acquire();
    try {
      return await send(call);
    } catch (error) {
      if (error instanceof InfomaniakApiError && error.status === 429 && !isRouteLimit(error))
        limiter.pauseFor(error.details.retryAfterSeconds ?? 1);
      throw error;
    } finally {
      release();
    }
  };
}
