/** One field's problem in a 422 `validation_failed` answer, as Infomaniak reports it. */
export interface FieldError {
  code: string;
  description: string;
  attribute: string;
}

/** An error answer of the simulated API; thrown by route handlers, turned into the error envelope. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly description: string,
    readonly fieldErrors: FieldError[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(`${status} ${code}: ${description}`);
  }

  body(): unknown {
    const error: Record<string, unknown> = { code: this.code, description: this.description };
    if (this.fieldErrors.length > 0) {
      error["errors"] = this.fieldErrors.map((e) => ({
        code: e.code,
        description: e.description,
        context: { attribute: e.attribute },
      }));
    }
    return { result: "error", error };
  }
}

export const notFound = (description = "Object not found"): ApiFailure =>
  new ApiFailure(404, "object_not_found", description);
