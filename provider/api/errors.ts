/** One field's problem, as reported in a 422 `validation_failed` answer. */
export interface ApiFieldError {
  attribute: string;
  code: string;
  description: string;
}

/**
 * Codes of our own, for failures that carry no Infomaniak code: the request got no usable answer.
 * Every other code comes from Infomaniak's error envelope.
 */
export const CLIENT_ERROR_CODES = {
  network: "network_error",
  timeout: "timeout",
  invalidResponse: "invalid_response",
  /** The answer was not complete within the request's deadline (ClientSettings.deadlineMs). */
  deadlineExceeded: "response_deadline_exceeded",
  /** The answer is longer than ClientSettings.maxResponseBytes: it was not read further. */
  tooLarge: "response_too_large",
  /** The answer's JSON nests deeper than any Infomaniak answer does: it was not parsed. */
  tooDeep: "response_too_deep",
  missingToken: "missing_token",
  /** A command that only reads was asked to write (see ClientSettings.readOnly). */
  readOnly: "read_only",
} as const;

/**
 * What to do about an error whose code alone says it (Infomaniak's descriptions do not). A refused
 * token read from an environment variable is fixed in that variable, which every run reads anew.
 */
function hint(code: string, tokenEnv: string | undefined): string {
  if (code === "not_authorized")
    return tokenEnv
      ? ` (the token in the environment variable ${tokenEnv} was refused: set ${tokenEnv} to a current API token)`
      : " (check infomaniak:token or INFOMANIAK_TOKEN; `pulumi refresh` uses the token recorded at the last `pulumi up`: after changing it, run `pulumi refresh --run-program` or `pulumi up` first)";
  if (code === "all_scopes")
    return " (the API token lacks this scope: create a token in the Manager with the scopes accounts and mail)";
  return "";
}

/**
 * Every failure of a call to the Infomaniak API: an error answer (with Infomaniak's code and
 * description), no answer at all, or an answer whose shape we did not expect. Never holds the token.
 */
export class InfomaniakApiError extends Error {
  override readonly name = "InfomaniakApiError";

  constructor(
    /** `METHOD /path` of the call, without query string or host. */
    readonly endpoint: string,
    /** HTTP status; undefined when no answer arrived. */
    readonly status: number | undefined,
    readonly code: string,
    readonly description: string,
    readonly details: {
      requestId?: string | undefined;
      fieldErrors?: ApiFieldError[];
      retryAfterSeconds?: number | undefined;
      /** The environment variable the refused token was read from, for the hint (see ClientSettings). */
      tokenEnv?: string | undefined;
    } = {},
  ) {
    super(InfomaniakApiError.format(endpoint, status, code, description, details));
  }

  get fieldErrors(): ApiFieldError[] {
    return this.details.fieldErrors ?? [];
  }

  get requestId(): string | undefined {
    return this.details.requestId;
  }

  /** The object (access, invitation, mailbox) is not there: the only error that means "absent". */
  isNotFound(): boolean {
    return this.status === 404 && this.code !== "method_not_found";
  }

  private static format(
    endpoint: string,
    status: number | undefined,
    code: string,
    description: string,
    { fieldErrors = [], requestId, tokenEnv }: InfomaniakApiError["details"],
  ): string {
    const head = `Infomaniak API ${endpoint} failed: ${status === undefined ? "no answer" : status} ${code}: ${description}${hint(code, tokenEnv)}`;
    const fields = fieldErrors.map((f) => `; ${f.attribute}: ${f.description} (${f.code})`).join("");
    return `${head}${fields}${requestId ? ` [request id ${requestId}]` : ""}`;
  }
}
