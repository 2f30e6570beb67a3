import { performance } from "node:perf_hooks";
import { Agent, errors as undiciErrors, request } from "undici";
import { AnswerTooLarge, readBounded } from "../boundedAnswer";
import { CLIENT_ERROR_CODES, InfomaniakApiError } from "../errors";
import { packageInfo } from "../../packageInfo";
import type { ClientSettings } from "../settings";
import type { Call, LogLine, Send } from "./call";
import { endpointOf } from "./call";
import type { RawAnswer } from "./readAnswer";
import { readAnswer } from "./readAnswer";

type SendSettings = Pick<
  ClientSettings,
  "apiUrl" | "timeoutMs" | "deadlineMs" | "maxResponseBytes" | "tokenEnv"
>;

/**
 * The bottom layer: one request over undici (keep-alive, timeouts), its answer read within the
 * deadline and the size cap, and interpreted. No retry, no limiter, no guard: those wrap it.
 */
export class RequestSender {
  private readonly agent: Agent;
  private readonly limitHeaders = new Map<string, string>();
  private readonly userAgent = userAgent();

  constructor(
    private readonly settings: SendSettings,
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

  /** Sends with this token, which goes in the Authorization header and nowhere else. */
  withToken(token: string): Send {
    return async (call) => {
      const started = performance.now();
      const raw = await this.send(call, token);
      this.log(`${endpointOf(call)} -> ${raw.status} (${Math.round(performance.now() - started)} ms)`);
      return readAnswer(call, raw, this.settings.tokenEnv);
    };
  }

  /** Rate-limit headers the API sent (the last value of each), for `doctor`: none are documented. */
  limitHeadersSeen(): Record<string, string> {
    return Object.fromEntries(this.limitHeaders);
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  /**
   * One request and its whole answer, within the deadline (connect to last byte: undici's own timers
   * restart with every byte, so a trickle would pass them) and the size cap.
   */
  private async send(call: Call<unknown>, token: string): Promise<RawAnswer> {
    const { deadlineMs, maxResponseBytes } = this.settings;
    const endpoint = endpointOf(call);
    const url = new URL(call.path, this.settings.apiUrl);
    for (const [key, value] of Object.entries(call.query ?? {})) url.searchParams.set(key, String(value));
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

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
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
