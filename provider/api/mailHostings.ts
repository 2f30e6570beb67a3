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

  /** The account a mail hosting belongs to: looked for in every account the token sees (cached). */
  accountOf(mailHostingId: number, accounts: () => Promise<{ id: number }[]>): Promise<number | undefined> {
    return this.cache.get(`account-of:${mailHostingId}`, async () => {
      for (const account of await accounts()) {
        if ((await this.list(account.id)).some((h) => h.id === mailHostingId)) return account.id;
      }
      return undefined;
    });
  }

  mailboxes(mailHostingId: number): Promise<Mailbox[]> {
    return this.cache.get(`mailboxes:${mailHostingId}`, () =>
      listAllPages(this.transport, apiPath`/1/mail_hostings/${mailHostingId}/mailboxes`, Mailbox),
    );
  }
}
