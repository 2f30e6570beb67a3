import { z } from "zod";
import type { InfomaniakClient } from "../../provider/api/client";
import { InfomaniakApiError } from "../../provider/api/errors";
import { unseenAccountsText } from "../../provider/api/organisation";
import { AccountUser, MAIL_HOSTING_SERVICE, Product, WebmailListItem } from "../../provider/api/schemas";
import { apiPath } from "../../provider/api/transport";

/**
 * What `doctor` reads of the live API, with GET requests only (its client is read-only): the raw
 * shapes the provider relies on, per organisation and mail hosting. No e-mail address is kept.
 */

export interface UsersFinding {
  total: number;
  pending: number;
  /** Whether the answer carried pagination fields. */
  paginated: boolean;
}

export interface ListingFinding {
  /** The mailbox's address, or `mailbox 1 of N` unless addresses are to be shown. */
  mailbox: string;
  /** Items per kind: `user_access`, `team_access`, `invitation`, or the keys of an unknown kind. */
  kinds: Record<string, number>;
  /** Legacy family: optional fields the listing left out. */
  omitted: ("permissions" | "invitations")[];
}

export interface HostingFinding {
  id: number;
  family: "webmail" | "legacy" | "unknown";
  mailboxes: number;
  /** Mailboxes whose representation says whether they can be shared by link. */
  shareFlagShown: number;
  listing?: ListingFinding;
  error?: string;
}

export interface AccountFinding {
  id: number;
  name: string;
  users: UsersFinding | { error: string };
  hostings: HostingFinding[] | { error: string };
  /** Products the answer carried beside this account's mail hostings (filter not applied). */
  otherProducts: number;
}

export interface Inspection {
  accounts: AccountFinding[] | { error: string };
  limitHeaders: Record<string, string>;
}

export interface InspectOptions {
  accounts?: number[];
  showAddresses: boolean;
  progress: (line: string) => void;
}

/** An API error in one line: status, Infomaniak's code and description (never the token). */
export function describeError(error: unknown): string {
  if (error instanceof InfomaniakApiError)
    return `${error.endpoint}: ${error.status ?? "no answer"} ${error.code}: ${error.description}`;
  return error instanceof Error ? error.message : String(error);
}

async function attempt<T>(read: () => Promise<T>): Promise<T | { error: string }> {
  try {
    return await read();
  } catch (error) {
    return { error: describeError(error) };
  }
}

export async function inspectApi(client: InfomaniakClient, options: InspectOptions): Promise<Inspection> {
  options.progress("Reading the organisations this token sees…");
  const accounts = await attempt(() => client.organisation.listAccounts());
  if ("error" in accounts) return { accounts, limitHeaders: client.limitHeadersSeen() };
  const wanted = accounts.filter((a) => !options.accounts || options.accounts.includes(a.id));
  const findings: AccountFinding[] = [];
  for (const account of wanted) {
    options.progress(`Organisation ${account.id}: members and mail hostings…`);
    const products = await attempt(() => readProducts(client, account.id));
    const hostings =
      "error" in products ? products : await inspectHostings(client, products.hostings, options);
    findings.push({
      id: account.id,
      name: account.name,
      users: await attempt(() => readUsers(client, account.id)),
      hostings,
      otherProducts: "error" in products ? 0 : products.others,
    });
  }
  for (const id of options.accounts ?? []) {
    if (!wanted.some((a) => a.id === id))
      findings.push({
        id,
        name: "",
        users: { error: unseenAccountsText([id], accounts) },
        hostings: { error: "not read" },
        otherProducts: 0,
      });
  }
  return { accounts: findings, limitHeaders: client.limitHeadersSeen() };
}

async function readUsers(client: InfomaniakClient, accountId: number): Promise<UsersFinding> {
  const answer = await client.get(apiPath`/2/accounts/${accountId}/users`, z.array(AccountUser));
  return {
    total: answer.data.length,
    pending: answer.data.filter((u) => u.state_in_account === "pending").length,
    paginated: answer.page !== undefined,
  };
}

async function readProducts(client: InfomaniakClient, accountId: number) {
  const answer = await client.get(apiPath`/1/products`, z.array(Product), {
    account_id: accountId,
    service_name: MAIL_HOSTING_SERVICE,
  });
  const hostings = answer.data.filter(
    (p) => p.service_name === MAIL_HOSTING_SERVICE && p.account_id === accountId,
  );
  return { hostings: hostings.map((p) => p.id), others: answer.data.length - hostings.length };
}

async function inspectHostings(
  client: InfomaniakClient,
  ids: number[],
  options: InspectOptions,
): Promise<HostingFinding[]> {
  const findings: HostingFinding[] = [];
  for (const id of ids) {
    options.progress(`Mail hosting ${id}: mailboxes and one listing…`);
    const mailboxes = await attempt(() => client.mailHostings.mailboxes(id));
    if ("error" in mailboxes) {
      findings.push({ id, family: "unknown", mailboxes: 0, shareFlagShown: 0, error: mailboxes.error });
      continue;
    }
    const shareFlagShown = mailboxes.filter(
      (m) => (m.access_rights?.can_create_webmail_access ?? m.can_create_webmail_access) !== undefined,
    ).length;
    const first = mailboxes[0];
    const base = { id, mailboxes: mailboxes.length, shareFlagShown };
    if (!first) {
      findings.push({ ...base, family: "unknown" });
      continue;
    }
    const label = options.showAddresses ? first.mailbox : `mailbox 1 of ${mailboxes.length}`;
    const listed = await attempt(() => readListing(client, id, first.mailbox_name, label));
    findings.push(
      "error" in listed ? { ...base, family: "unknown", error: listed.error } : { ...base, ...listed },
    );
  }
  return findings;
}

const LegacyListingShape = z.object({
  users: z.array(z.looseObject({ permissions: z.unknown().optional() })),
  invitations: z.array(z.unknown()).optional(),
});

/** The webmail listing, or on a 501 the legacy one: the family, and the kinds of items seen. */
async function readListing(
  client: InfomaniakClient,
  hostingId: number,
  mailboxName: string,
  label: string,
): Promise<Pick<HostingFinding, "family" | "listing">> {
  try {
    const answer = await client.get(
      apiPath`/1/mail_hostings/${hostingId}/mailboxes/${mailboxName}/accesses/webmail`,
      z.array(WebmailListItem),
      { page: 1, per_page: 100 },
    );
    const kinds: Record<string, number> = {};
    for (const item of answer.data) {
      const kind = item.kind === "unknown" ? `unknown: ${item.keys.join("+") || "empty"}` : item.kind;
      kinds[kind] = (kinds[kind] ?? 0) + 1;
    }
    return { family: "webmail", listing: { mailbox: label, kinds, omitted: [] } };
  } catch (error) {
    if (!(error instanceof InfomaniakApiError) || error.status !== 501) throw error;
  }
  const legacy = await client.get(
    apiPath`/1/mail_hostings/${hostingId}/mailboxes/${mailboxName}/users`,
    LegacyListingShape,
  );
  const omitted: ListingFinding["omitted"] = [];
  if (legacy.data.users.some((u) => u.permissions === undefined)) omitted.push("permissions");
  if (legacy.data.invitations === undefined) omitted.push("invitations");
  const kinds = { user: legacy.data.users.length, invitation: legacy.data.invitations?.length ?? 0 };
  return { family: "legacy", listing: { mailbox: label, kinds, omitted } };
}
