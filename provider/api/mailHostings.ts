import { listAllPages } from "./pagination";
import type { ReadCache } from "./readCache";
import { MAIL_HOSTING_SERVICE, Mailbox, Product } from "./schemas";
import type { Transport } from "./transport";
import { apiPath } from "./transport";

/** A mail hosting of an account: the product's id is the mail hosting id. */
export interface MailHosting {
  id: number;
  accountId: number;
  customerName: string;
}

/** Mail hostings of an account and their mailboxes (cached for the process: we never change them). */
export class MailHostingApi {
  constructor(
    private readonly transport: Transport,
    private readonly cache: ReadCache,
  ) {}

  /**
   * SPEC_CHOICES.mailHostingProducts: the account's `email_hosting` products. A product counts only
   * when the answer itself says it is a mail hosting of this account, whatever filter the API applied.
   */
  list(accountId: number): Promise<MailHosting[]> {
    return this.cache.get(`hostings:${accountId}`, async () => {
      const products = await listAllPages(this.transport, apiPath`/1/products`, Product, {
        account_id: accountId,
        service_name: MAIL_HOSTING_SERVICE,
      });
      return products
        .filter((p) => p.service_name === MAIL_HOSTING_SERVICE && p.account_id === accountId)
        .map((p) => ({ id: p.id, accountId: p.account_id, customerName: p.customer_name ?? "" }));
    });
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

/**
 * Whether Infomaniak lets the mailbox be shared by an invitation link: its explicit capability flag
 * decides (SPEC_CHOICES.restrictedLoginIdentifier). `is_used_for_account` counts only as a boolean:
 * the meaning of its string form is not documented, so it is not acted upon.
 */
export function shareableByInvitation(mailbox: Mailbox): boolean {
  const canCreate = mailbox.access_rights?.can_create_webmail_access ?? mailbox.can_create_webmail_access;
  return canCreate !== false && mailbox.is_used_for_account !== true;
}
