import { performance } from "node:perf_hooks";
import { Agent, errors as undiciErrors, request } from "undici";
import type { z } from "zod";
import { AnswerTooLarge, MAX_JSON_DEPTH, nestsDeeperThan, readBounded } from "./boundedAnswer";
import { CLIENT_ERROR_CODES, InfomaniakApiError } from "./errors";
import type { RateLimiter } from "./rateLimiter";
import { backoffMs, outcomeOf, sleep } from "./retryPolicy";
import { ErrorEnvelope, SuccessEnvelope } from "./schemas";
import { packageInfo } from "../packageInfo";
import type { ClientSettings } from "./settings";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** A path whose every interpolated value was percent-encoded (see `apiPath`). */
export type ApiPath = string & { readonly __apiPath: unique symbol };

/**
 * Builds a path with every value encoded as one segment: a mailbox name such as `../users` or
 * `a/b?c` can never change the route. Dots stay as they are (`first.last`), as other clients of the
 * live API send them (SPEC_CHOICES.pathSegments); a value that is only `.` or `..` would be a dot
 * segment, so it is refused (no mailbox is named so: inputs refuse it first).
 */
export function apiPath(strings: TemplateStringsArray, ...values: (string | number)[]): ApiPath {
  let path = strings[0] ?? "";
  values.forEach((value, i) => {
    const text = String(value);
    if (text === "." || text === "..") throw new RangeError(`"${text}" cannot be a path segment`);
    path += encodeURIComponent(text) + (strings[i + 1] ?? "");
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

/** An answer as it arrived, before it is interpreted. */
interface RawAnswer {
  status: number;
  text: string;
  requestId: string | undefined;
  retryAfter: string | undefined;
}

/** How many 429 answers one call waits through before it gives up. */
export const MAX_RATE_LIMITED_ATTEMPTS = 30;

/** The only code that talks HTTP: undici with keep-alive, timeouts, the shared limiter and retries. */
export class Transport {
  private readonly agent: Agent;
  private readonly limitHeaders = new Map<string, string>();
  private readonly userAgent = userAgent();

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
        const routeLimited = rateLimited && isRouteLimit(error);
        if (rateLimited) throttled++;
        else failures++;
        const spent = rateLimited
          ? throttled >= MAX_RATE_LIMITED_ATTEMPTS
          : failures >= this.settings.maxAttempts;
        // A route's own limit on a creation says something about that request (a link e-mailed within
        // the minute): its caller decides what it means, rather than waiting to send it again.
        if (!retryable || spent || (routeLimited && call.kind === "create")) throw error;
        const delay = routeLimited
          ? retryAfterMs(error, this.settings.routeLimitWaitMs) // this call alone waits
          : rateLimited
            ? 0 // the limiter holds everyone for Retry-After (or a second)
            : backoffMs(failures - 1, this.settings.backoffBaseMs);
        this.log(`${call.method} ${call.path}: ${(error as Error).message}; retrying in ${delay} ms`);
        await sleep(delay);
      }
    }
  }

  /** Rate-limit headers the API sent (the last value of each), for `doctor`: none are documented. */
  limitHeadersSeen(): Record<string, string> {
    return Object.fromEntries(this.limitHeaders);
  }

  private async once<T>(call: Call<T>): Promise<Answer<T>> {
    const endpoint = `${call.method} ${call.path}`;
    if (this.settings.readOnly && call.method !== "GET") {
      throw new InfomaniakApiError(
        endpoint,
        undefined,
        CLIENT_ERROR_CODES.readOnly,
        "this command only reads: a request that could change the organisation was refused before it was sent",
      );
    }
    const token = this.settings.token;
    if (!token) {
      throw new InfomaniakApiError(
        endpoint,
        undefined,
        CLIENT_ERROR_CODES.missingToken,
        this.settings.tokenEnv
          ? `No Infomaniak API token in ${this.settings.tokenEnv} (the variable this organisation's tokenEnv names): set it to the organisation's API token`
          : "No Infomaniak API token: run `pulumi config set --secret infomaniak:token <token>` or set INFOMANIAK_TOKEN",
      );
    }
    const url = new URL(call.path, this.settings.apiUrl);
    for (const [key, value] of Object.entries(call.query ?? {})) url.searchParams.set(key, String(value));

    const release = await this.limiter.acquire();
    const started = performance.now();
    let answer: RawAnswer;
    try {
      answer = await this.send(call, url, token, endpoint);
    } finally {
      release();
    }
    this.log(`${endpoint} -> ${answer.status} (${Math.round(performance.now() - started)} ms)`);
    const { status, text, requestId, retryAfter } = answer;
    return this.interpret(call, endpoint, status, text, requestId, retryAfter);
  }

  /**
   * One request and its whole answer, within the deadline (connect to last byte: undici's own timers
   * restart with every byte, so a trickle would pass them) and the size cap.
   */
  private async send<T>(call: Call<T>, url: URL, token: string, endpoint: string): Promise<RawAnswer> {
    const { deadlineMs, maxResponseBytes } = this.settings;
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), deadlineMs);
    try {
      const response = await request(url, {
        method: call.method,
        dispatcher: this.agent,
        signal: deadline.signal,
        headers: {
          authorization: `Bearer ${token}`,
          accept: "application/json",
          "user-agent": this.userAgent,
          ...(call.body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: call.body === undefined ? null : JSON.stringify(call.body),
      });
      this.noteLimitHeaders(response.headers);
      const length = headerValue(response.headers["content-length"]);
      return {
        status: response.statusCode,
        requestId: headerValue(response.headers["x-request-id"]),
        retryAfter: headerValue(response.headers["retry-after"]),
        text: await readBounded(response.body, length, maxResponseBytes),
      };
    } catch (error) {
      if (error instanceof AnswerTooLarge)
        throw new InfomaniakApiError(
          endpoint,
          undefined,
          CLIENT_ERROR_CODES.tooLarge,
          `the answer is longer than ${maxResponseBytes} bytes, so it was not read further: if a real listing is this long, raise infomaniak:maxResponseBytes or INFOMANIAK_MAX_RESPONSE_BYTES`,
        );
      if (deadline.signal.aborted)
        throw new InfomaniakApiError(
          endpoint,
          undefined,
          CLIENT_ERROR_CODES.deadlineExceeded,
          `the answer was not complete within ${deadlineMs} ms, so it was given up: if the API is this slow, raise infomaniak:deadlineMs or INFOMANIAK_DEADLINE_MS`,
        );
      throw networkError(endpoint, error);
    } finally {
      clearTimeout(timer);
    }
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
    const json = jsonOf(text, endpoint, status, requestId);
    const failure = ErrorEnvelope.safeParse(json);
    if (status >= 400 || failure.success) {
      const retryAfterSeconds = parseRetryAfter(retryAfter);
      const error = failure.success
        ? new InfomaniakApiError(endpoint, status, failure.data.error.code, failure.data.error.description, {
            requestId,
            retryAfterSeconds,
            tokenEnv: this.settings.tokenEnv,
            fieldErrors: failure.data.error.errors.map((e) => ({
              attribute: e.context.attribute ?? "",
              code: e.code,
              description: e.description,
            })),
          })
        : new InfomaniakApiError(endpoint, status, `http_${status}`, describeBody(text), {
            requestId,
            retryAfterSeconds,
          });
      // The account's budget is spent: nobody starts a request until it is back. A route's own limit
      // (SPEC_CHOICES.routeRateLimit) holds that route only.
      if (status === 429 && !isRouteLimit(error)) this.limiter.pauseFor(retryAfterSeconds ?? 1);
      throw error;
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

  private noteLimitHeaders(headers: Record<string, string | string[] | undefined>): void {
    for (const [name, value] of Object.entries(headers)) {
      const text = headerValue(value);
      if (LIMIT_HEADER.test(name) && text !== undefined) this.limitHeaders.set(name.toLowerCase(), text);
    }
  }
}

const LIMIT_HEADER = /^(x-)?rate-?limit|^retry-after$/i;

/** Sent with every request, as Infomaniak's own Terraform provider names itself. */
function userAgent(): string {
  const { name, version } = packageInfo();
  return `${name}/${version} (node ${process.version})`;
}

/** A 429 whose code belongs to one route (SPEC_CHOICES.routeRateLimit), not the account's budget. */
export const ROUTE_LIMIT_CODES: readonly string[] = ["invitation_sending_rate_limit_reached"];

function isRouteLimit(error: InfomaniakApiError): boolean {
  return ROUTE_LIMIT_CODES.includes(error.code);
}

function retryAfterMs(error: unknown, fallbackMs: number): number {
  const seconds = error instanceof InfomaniakApiError ? error.details.retryAfterSeconds : undefined;
  return seconds === undefined ? fallbackMs : seconds * 1000;
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

/**
 * The answer's JSON (undefined when it is none), parsed only once a scan found it no deeper than any
 * Infomaniak answer: a million nested arrays cost the scan, not the parser's memory.
 */
function jsonOf(text: string, endpoint: string, status: number, requestId: string | undefined): unknown {
  if (nestsDeeperThan(text, MAX_JSON_DEPTH))
    throw new InfomaniakApiError(
      endpoint,
      status,
      CLIENT_ERROR_CODES.tooDeep,
      `the answer's JSON nests deeper than ${MAX_JSON_DEPTH} levels, which no Infomaniak answer does: it was not parsed`,
      { requestId },
    );
  try {
    return text === "" ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
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
