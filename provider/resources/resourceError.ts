import { InfomaniakApiError } from "../api/errors";
import type { CheckFailure } from "../engine/protocol";
import { terminalText } from "../terminalText";

/** Why the provider refuses an operation (no API call failed): each has a code and says what to do. */
export const RESOURCE_ERROR_CODES = [
  "adoption_required",
  "not_supported_by_api",
  "invalid_state",
  "invalid_id",
  "gone_outside_stack",
  /** Two declarations (stacks, or a stack and the Manager) undo each other at every run. */
  "conflicting_declarations",
] as const;
export type ResourceErrorCode = (typeof RESOURCE_ERROR_CODES)[number];

export class ResourceError extends Error {
  override readonly name = "ResourceError";

  constructor(
    readonly code: ResourceErrorCode,
    message: string,
  ) {
    // Messages name mailboxes, people and API answers, and the engine prints them to a terminal as they are.
    super(terminalText(`${message} [${code}]`));
  }

  /**
   * A change to something the state holds but Infomaniak no longer has (removed outside the stack
   * since the last refresh): the API's "not found", said with the way out. Other errors pass as they are.
   */
  static ifGone(error: unknown, what: string): unknown {
    if (!(error instanceof InfomaniakApiError) || !error.isNotFound()) return error;
    return new ResourceError(
      "gone_outside_stack",
      `${what} was removed outside this stack since the last refresh (Infomaniak answered ${error.status} ${error.code}), so it cannot be changed: run \`pulumi up --refresh\` (or \`pulumi refresh\`, then \`pulumi up\`) to grant it again as declared`,
    );
  }

  /** A read with no state of this kind (a `.get()` by id) of a resource that cannot be read from its id alone. */
  static withoutState(what: string, advice: string): ResourceError {
    return new ResourceError("invalid_id", `${what} cannot be read without its state: ${advice}`);
  }

  /** What `check` accepted no longer holds at apply time (the organisation changed in between). */
  static fromFailures(failures: readonly CheckFailure[]): ResourceError {
    return new ResourceError("invalid_state", failures.map((f) => `${f.property}: ${f.reason}`).join("; "));
  }
}
