import { CLIENT_ERROR_CODES, InfomaniakApiError } from "./errors";

/** Whether a failed call may have changed something on the server. */
export type Outcome = "notApplied" | "maybeApplied" | "final";

/** Answers that did not arrive whole (past the deadline, past the size cap): lost answers. */
const LOST_ANSWER_CODES: readonly string[] = [
  CLIENT_ERROR_CODES.network,
  CLIENT_ERROR_CODES.timeout,
  CLIENT_ERROR_CODES.deadlineExceeded,
  CLIENT_ERROR_CODES.tooLarge,
];

/**
 * How a failure bears on retrying: 429 and refused connections certainly changed nothing; 5xx and
 * lost answers (none in time, none whole) may have; everything else (4xx, 501, bad shapes) is final.
 */
export function outcomeOf(error: unknown): Outcome {
  if (!(error instanceof InfomaniakApiError)) return "final";
  if (error.status === 429) return "notApplied";
  if (LOST_ANSWER_CODES.includes(error.code)) {
    return error.description.includes("ECONNREFUSED") ? "notApplied" : "maybeApplied";
  }
  if (error.status !== undefined && error.status >= 500 && error.status !== 501) return "maybeApplied";
  return "final";
}

/** Exponential backoff with full jitter: a random wait in [0, base × 2^attempt], capped at 20 s. */
export function backoffMs(attempt: number, baseMs: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(20_000, baseMs * 2 ** attempt));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
