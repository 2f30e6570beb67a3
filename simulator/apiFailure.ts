/** One field's problem in a 422 `validation_failed` answer, as Infomaniak reports it. */
export interface FieldError {
  code: string;
  description: string;
  attribute: string;
}

interface FailureDetails {
  fieldErrors?: FieldError[];
  headers?: Record<string, string>;
  /** The envelope's `error.context`: what the code is about (the scopes a token lacks, for one). */
  context?: Record<string, unknown>;
}

/** An error answer of the simulated API; thrown by route handlers, turned into the error envelope. */
export class ApiFailure extends Error {
  readonly headers: Record<string, string>;

  constructor(
    readonly status: number,
    readonly code: string,
    readonly description: string,
    private readonly details: FailureDetails = {},
  ) {
    super(`${status} ${code}: ${description}`);
    this.headers = details.headers ?? {};
  }

  body(): unknown {
    const error: Record<string, unknown> = { code: this.code, description: this.description };
    const { fieldErrors = [], context } = this.details;
    if (fieldErrors.length > 0) {
      error["errors"] = fieldErrors.map((e) => ({
        code: e.code,
        description: e.description,
        context: { attribute: e.attribute },
      }));
    }
    if (context) error["context"] = context;
    return { result: "error", error };
  }
}

export const notFound = (description = "Object not found"): ApiFailure =>
  new ApiFailure(404, "object_not_found", description);

/** The 422 Infomaniak answers for invalid input, one entry per field (SPEC_CHOICES.validationFailed). */
export const validationFailed = (fieldErrors: FieldError[]): ApiFailure =>
  new ApiFailure(422, "validation_failed", "The given data was invalid", { fieldErrors });
