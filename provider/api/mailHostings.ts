import { listAllPages } from "./pagination";
import type { ReadCache } from "./readCache";
import { MailHosting, Mailbox } from "./schemas";
import type { Transport } from "./transport";
import { apiPath } from "./transport";

/** Mail hostings of an account and their mailboxes (cached for the process: we never change them). */
export class MailHostingApi {
  constructor(
    private readonly transport: Transport,
    private readonly cache: ReadCache,
  ) {}

  /** SPEC_CHOICES.mailHostingList: `GET /1/mail_hostings?account_id=` is not in the spec subset. */
  list(accountId: number): Promise<MailHosting[]> {
    return this.cache.get(`hostings:${accountId}`, () =>
      listAllPages(this.transport, apiPath`/1/mail_hostings`, MailHosting, { account_id: accountId }),
    );
  }

  mailboxes(mailHostingId: number): Promise<Mailbox[]> {
    return this.cache.get(`mailboxes:${mailHostingId}`, () =>
      listAllPages(this.transport, apiPath`/1/mail_hostings/${mailHostingId}/mailboxes`, Mailbox),
    );
  }
}
