import { InfomaniakApiError } from "./errors";
import { backoffMs, outcomeOf, sleep } from "./retryPolicy";

export interface VerifiedCreate<T> {
  /** One creation request (the transport already repeats it when it certainly changed nothing). */
  attempt: () => Promise<T>;
  /** After a failure that may have been applied: the created object if it exists now, else undefined. */
  findCreated: () => Promise<T | undefined>;
  /** An error on a repeated attempt that shows the earlier attempt took effect (a 409, say). */
  showsEarlierSuccess?: (error: InfomaniakApiError) => boolean;
  maxAttempts: number;
  backoffBaseMs: number;
}

/**
 * A creation that is never duplicated: after a failure that may have been applied (5xx, lost answer),
 * it looks for the object first and only repeats the request when it is not there.
 */
export async function createVerified<T>(create: VerifiedCreate<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await create.attempt();
    } catch (error) {
      if (attempt > 0 && error instanceof InfomaniakApiError && create.showsEarlierSuccess?.(error)) {
        const found = await create.findCreated();
        if (found !== undefined) return found;
      }
      if (outcomeOf(error) !== "maybeApplied" || attempt + 1 >= create.maxAttempts) throw error;
      await sleep(backoffMs(attempt, create.backoffBaseMs));
      const found = await create.findCreated();
      if (found !== undefined) return found;
    }
  }
}
