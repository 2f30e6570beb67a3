import type { CheckFailure } from "./inputs";

/** Why the provider refuses an operation (no API call failed): each has a code and says what to do. */
export const RESOURCE_ERROR_CODES = [
  "adoption_required",
  "not_supported_by_api",
  "invalid_state",
  "invalid_id",
] as const;
export type ResourceErrorCode = (typeof RESOURCE_ERROR_CODES)[number];

export class ResourceError extends Error {
  override readonly name = "ResourceError";

  constructor(
    readonly code: ResourceErrorCode,
    message: string,
  ) {
    super(`${message} [${code}]`);
  }

  /** What `check` accepted no longer holds at apply time (the organisation changed in between). */
  static fromFailures(failures: readonly CheckFailure[]): ResourceError {
    return new ResourceError("invalid_state", failures.map((f) => `${f.property}: ${f.reason}`).join("; "));
  }
}
