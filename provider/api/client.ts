import type { z } from "zod";
import type { Answer, ApiPath, LogLine } from "./transport";
import { Transport } from "./transport";
import { MailboxAccessApi } from "./mailboxAccesses";
import { MailHostingApi } from "./mailHostings";
import { OrganisationApi } from "./organisation";
import { fileJournal } from "./limiterJournal";
import { RateLimiter } from "./rateLimiter";
import { ReadCache } from "./readCache";
import type { ClientSettings } from "./settings";

/** The Infomaniak API as the provider uses it: one transport, limiter and read cache for all calls. */
export class InfomaniakClient {
  readonly organisation: OrganisationApi;
  readonly mailHostings: MailHostingApi;
  readonly mailboxAccesses: MailboxAccessApi;
  private readonly transport: Transport;

  constructor(
    readonly settings: ClientSettings,
    log?: LogLine,
  ) {
    const cache = new ReadCache();
    const journal = settings.token ? fileJournal(settings.apiUrl, settings.token) : undefined;
    const limiter = new RateLimiter(settings.requestsPerMinute, settings.rateWindowMs, journal);
    this.transport = new Transport(settings, limiter, log);
    this.organisation = new OrganisationApi(this.transport, cache, settings);
    this.mailHostings = new MailHostingApi(this.transport, cache);
    this.mailboxAccesses = new MailboxAccessApi(this.transport, cache, settings);
  }

  /**
   * One GET as the API answers it (data and pagination), for commands that check the API's shapes
   * rather than use them (`doctor`).
   */
  get<T>(path: ApiPath, response: z.ZodType<T>, query?: Record<string, string | number>): Promise<Answer<T>> {
    return this.transport.call({
      method: "GET",
      path,
      response,
      kind: "idempotent",
      ...(query ? { query } : {}),
    });
  }

  /** Rate-limit headers the API sent so far (none are documented). */
  limitHeadersSeen(): Record<string, string> {
    return this.transport.limitHeadersSeen();
  }

  close(): Promise<void> {
    return this.transport.close();
  }
}
