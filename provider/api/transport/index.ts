import type { RateLimiter } from "../rateLimiter";
import type { ClientSettings } from "../settings";
import type { Answer, Call, LogLine, Send } from "./call";
import { refuseWrites, requireToken } from "./guards";
import { retrying } from "./retry";
import { RequestSender } from "./sendRequest";
import { throttled } from "./throttle";

export type { Answer, ApiPath, Call, HttpMethod, LogLine, Page } from "./call";
export { apiPath } from "./call";
export { MAX_RATE_LIMITED_ATTEMPTS } from "./retry";

/**
 * The only code that talks HTTP, in layers, outermost first: the read-only guard, the token check,
 * retries, the throttle (the shared limiter), and the request itself.
 */
export class Transport {
  private readonly sender: RequestSender;
  private readonly send: Send;

  constructor(settings: ClientSettings, limiter: RateLimiter, log: LogLine = () => undefined) {
    this.sender = new RequestSender(settings, log);
    const send = requireToken(settings, (token) =>
      retrying(settings, throttled(limiter, this.sender.withToken(token)), log),
    );
    this.send = settings.readOnly ? refuseWrites(send) : send;
  }

  call<T>(call: Call<T>): Promise<Answer<T>> {
    return this.send(call);
  }

  /** Rate-limit headers the API sent (the last value of each), for `doctor`: none are documented. */
  limitHeadersSeen(): Record<string, string> {
    return this.sender.limitHeadersSeen();
  }

  close(): Promise<void> {
    return this.sender.close();
  }
}
