import { InfomaniakApiError } from "../errors";
import { backoffMs, outcomeOf, sleep } from "../retryPolicy";
import type { ClientSettings } from "../settings";
import type { Call, LogLine, Send } from "./call";
import { isRouteLimit } from "./throttle";

/** How many 429 answers one call waits through before it gives up. */
export const MAX_RATE_LIMITED_ATTEMPTS = 30;

type RetrySettings = Pick<ClientSettings, "maxAttempts" | "backoffBaseMs" | "routeLimitWaitMs">;

/**
 * Sends again what may be sent again (retryPolicy's outcomes): idempotent calls on any retryable
 * failure, creations only when the request certainly changed nothing. Failures back off with jitter;
 * a 429 is the API asking to wait, not a failure, and has its own, larger allowance.
 */
export function retrying(settings: RetrySettings, send: Send, log: LogLine = () => undefined): Send {
  return async <T>(call: Call<T>) => {
    let failures = 0;
    let throttled = 0;
    for (;;) {
      try {
        return await send(call);
      } catch (error) {
        const rateLimited = error instanceof InfomaniakApiError && error.status === 429;
        if (rateLimited) throttled++;
        else failures++;
        const delay = retryDelay(settings, call, error, { failures, throttled });
        if (delay === undefined) throw error;
        log(`${call.method} ${call.path}: ${(error as Error).message}; retrying in ${delay} ms`);
        await sleep(delay);
      }
    }
  };
}

/** How long to wait before the next attempt, or undefined when there is none. */
function retryDelay(
  settings: RetrySettings,
  call: Call<unknown>,
  error: unknown,
  spent: { failures: number; throttled: number },
): number | undefined {
  const outcome = outcomeOf(error);
  const retryable = outcome === "notApplied" || (outcome === "maybeApplied" && call.kind === "idempotent");
  const rateLimited = error instanceof InfomaniakApiError && error.status === 429;
  const routeLimited = rateLimited && isRouteLimit(error);
  const exhausted = rateLimited
    ? spent.throttled >= MAX_RATE_LIMITED_ATTEMPTS
    : spent.failures >= settings.maxAttempts;
  // A route's own limit on a creation says something about that request (a link e-mailed within
  // the minute): its caller decides what it means, rather than waiting to send it again.
  if (!retryable || exhausted || (routeLimited && call.kind === "create")) return undefined;
  if (routeLimited) return retryAfterMs(error, settings.routeLimitWaitMs); // this call alone waits
  if (rateLimited) return 0; // the throttle holds everyone for Retry-After (or a second)
  return backoffMs(spent.failures - 1, settings.backoffBaseMs);
}

function retryAfterMs(error: InfomaniakApiError, fallbackMs: number): number {
  const seconds = error.details.retryAfterSeconds;
  return seconds === undefined ? fallbackMs : seconds * 1000;
}
