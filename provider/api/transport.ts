import { performance } from "node:perf_hooks";
import { Agent, errors as undiciErrors, request } from "undici";
import type { z } from "zod";
import type { ApiFieldError } from "./errors";
import { CLIENT_ERROR_CODES, InfomaniakApiError } from "./errors";
import type { RateLimiter } from "./rateLimiter";
import { backoffMs, outcomeOf, sleep } from "./retryPolicy";
import { ErrorEnvelope, SuccessEnvelope } from "./schemas";
import type { ClientSettings } from "./settings";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** A path whose every interpolated value was percent-encoded (see `apiPath`). */
export type ApiPath = string & { readonly __apiPath: unique symbol };

/**
 * Builds a path with every value encoded as one segment: a mailbox name such as `../users` or
 * `a/b?c` can never change the route. Dots are encoded too, so `.` and `..` are not dot segments.
 */
export function apiPath(strings: TemplateStringsArray, ...values: (string | number)[]): ApiPath {
  let path = strings[0] ?? "";
  values.forEach((value, i) => {
    path += encodeURIComponent(String(value)).replace(/\./g, "%2E") + (strings[i + 1] ?? "");
  });
  return path as ApiPath;
}

export interface Call<T> {
  method: HttpMethod;
  path: ApiPath;
  query?: Record<string, string | number>;
  /** Already shaped by the endpoint's body schema. */
  body?: unknown;
  response: z.ZodType<T>;
  /**
   * `idempotent`: repeat on any retryable failure. `create`: repeat only when the request certainly
   * changed nothing (429, refused connection); otherwise the caller checks whether it took effect.
   */
  kind: "idempotent" | "create";
}

export interface Page {
  total: number;
  page: number;
  pages: number;
  itemsPerPage: number;
}

export interface Answer<T> {
  data: T;
  page?: Page;
}

export type LogLine = (line: string) => void;

/** How many 429 answers one call waits through before it gives up. */
export const MAX_RATE_LIMITED_ATTEMPTS = 30;

/** The only code that talks HTTP: undici with keep-alive, timeouts, the shared limiter and retries. */
export class Transport {
  private readonly agent: Agent;

  constructor(
    private readonly settings: ClientSettings,
    private readonly limiter: RateLimiter,
    private readonly log: LogLine = () => undefined,
  ) {
    this.agent = new Agent({
      keepAliveTimeout: 4_000,
      connections: 8,
      headersTimeout: settings.timeoutMs,
      bodyTimeout: settings.timeoutMs,
      connect: { timeout: settings.timeoutMs },
    });
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  async call<T>(call: Call<T>): Promise<Answer<T>> {
    let failures = 0;
    let throttled = 0;
    for (;;) {
      try {
        return await this.once(call);
      } catch (error) {
        const outcome = outcomeOf(error);
        const retryable =
          outcome === "notApplied" || (outcome === "maybeApplied" && call.kind === "idempotent");
        // A 429 is the API asking to wait, not a failure: it has its own, larger allowance.
        const rateLimited = error instanceof InfomaniakApiError && error.status === 429;
        if (rateLimited) throttled++;
        else failures++;
        const spent = rateLimited
          ? throttled >= MAX_RATE_LIMITED_ATTEMPTS
          : failures >= this.settings.maxAttempts;
        if (!retryable || spent) throw error;
        const delay = rateLimited
          ? 0 // the limiter holds everyone for Retry-After (or a second)
          : backoffMs(failures - 1, this.settings.backoffBaseMs);
        this.log(`${call.method} ${call.path}: ${(error as Error).message}; retrying in ${delay} ms`);
        await sleep(delay);
      }
    }
  }

  private async once<T>(call: Call<T>): Promise<Answer<T>> {
    const endpoint = `${call.method} ${call.path}`;
    const token = this.settings.token;
    if (!token) {
      throw new InfomaniakApiError(
        endpoint,
        undefined,
        CLIENT_ERROR_CODES.missingToken,
        "No Infomaniak API token: run `pulumi config set --secret infomaniak:token <token>` or set INFOMANIAK_TOKEN",
      );
    }
    const url = new URL(call.path, this.settings.apiUrl);
    for (const [key, value] of Object.entries(call.query ?? {})) url.searchParams.set(key, String(value));

    const release = await this.limiter.acquire();
    const started = performance.now();
    let status: number;
    let text: string;
    let requestId: string | undefined;
    let retryAfter: string | undefined;
    try {
      const response = await request(url, {
        method: call.method,
        dispatcher: this.agent,
        headers: {
          authorization: `Bearer ${token}`,
          accept: "application/json",
          ...(call.body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: call.body === undefined ? null : JSON.stringify(call.body),
      });
      status = response.statusCode;
      requestId = headerValue(response.headers["x-request-id"]);
      retryAfter = headerValue(response.headers["retry-after"]);
      text = await response.body.text();
    } catch (error) {
      throw networkError(endpoint, error);
    } finally {
      release();
    }
    this.log(`${endpoint} -> ${status} (${Math.round(performance.now() - started)} ms)`);
    return this.interpret(call, endpoint, status, text, requestId, retryAfter);
  }

  private interpret<T>(
    call: Call<T>,
    endpoint: string,
    status: number,
    text: string,
    requestId: string | undefined,
    retryAfter: string | undefined,
  ): Answer<T> {
    const invalid = (why: string) =>
      new InfomaniakApiError(endpoint, status, CLIENT_ERROR_CODES.invalidResponse, why, { requestId });
    let json: unknown;
    try {
      json = text === "" ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }

    const failure = ErrorEnvelope.safeParse(json);
    if (status >= 400 || failure.success) {
      const retryAfterSeconds = parseRetryAfter(retryAfter);
      if (status === 429) this.limiter.pauseFor(retryAfterSeconds ?? 1);
      if (!failure.success) {
        return throwError(
          new InfomaniakApiError(endpoint, status, `http_${status}`, describeBody(text), {
            requestId,
            retryAfterSeconds,
          }),
        );
      }
      const fieldErrors: ApiFieldError[] = failure.data.error.errors.map((e) => ({
        attribute: e.context.attribute ?? "",
        code: e.code,
        description: e.description,
      }));
      return throwError(
        new InfomaniakApiError(endpoint, status, failure.data.error.code, failure.data.error.description, {
          requestId,
          fieldErrors,
          retryAfterSeconds,
        }),
      );
    }

    const envelope = SuccessEnvelope.safeParse(json);
    if (!envelope.success)
      throw invalid(`the answer is not Infomaniak's success envelope (${describeBody(text)})`);
    const data = call.response.safeParse(envelope.data.data);
    if (!data.success) {
      const issues = data.error.issues
        .slice(0, 3)
        .map((i) => `data.${i.path.join(".")}: ${i.message}`)
        .join("; ");
      throw invalid(`unexpected response shape: ${issues}`);
    }
    const { total, page, pages, items_per_page: itemsPerPage } = envelope.data;
    return {
      data: data.data,
      ...(total !== undefined && page !== undefined && pages !== undefined && itemsPerPage !== undefined
        ? { page: { total, page, pages, itemsPerPage } }
        : {}),
    };
  }
}

function throwError(error: InfomaniakApiError): never {
  throw error;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function parseRetryAfter(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** A short, token-free description of a body that is not the expected JSON. */
function describeBody(text: string): string {
  if (text.trim() === "") return "empty body";
  const oneLine = text.replace(/\s+/g, " ").trim();
  return `body: ${oneLine.length > 120 ? `${oneLine.slice(0, 120)}…` : oneLine}`;
}

function networkError(endpoint: string, error: unknown): InfomaniakApiError {
  const timedOut =
    error instanceof undiciErrors.HeadersTimeoutError ||
    error instanceof undiciErrors.BodyTimeoutError ||
    error instanceof undiciErrors.ConnectTimeoutError;
  const code = (error as { code?: unknown }).code;
  const detail = `${error instanceof Error ? error.message : String(error)}${typeof code === "string" ? ` (${code})` : ""}`;
  return new InfomaniakApiError(
    endpoint,
    undefined,
    timedOut ? CLIENT_ERROR_CODES.timeout : CLIENT_ERROR_CODES.network,
    timedOut ? `no answer in time: ${detail}` : `no answer: ${detail}`,
  );
}
