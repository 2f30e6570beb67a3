import type { AccessFamily } from "../permissions";
import type { InfomaniakClient } from "../api/client";
import { shareableByInvitation } from "../api/mailHostings";
import { InvitationLanguage } from "../api/schemas";
import { failure } from "../engine/protocol";
import type { CheckFailure } from "../engine/protocol";
import type { DeclaredIn, Wording } from "./wording";
import { wordingFor } from "./wording";

/** A mailbox as the provider addresses it, resolved and checked against the live organisation. */
export interface MailboxTarget {
  mailHostingId: number;
  mailboxName: string;
  address: string;
  accountId: number;
  family: AccessFamily;
  /** For e-mails the provider makes Infomaniak send: the organisation's language. */
  language: InvitationLanguage;
  /** False for a restricted login identifier: Infomaniak refuses invitation links to it. */
  shareableByInvitation: boolean;
}

/** A mailbox as declared: with the organisation it is expected in, when the declaration says. */
export interface TargetQuery {
  mailHostingId: number;
  mailbox: string;
  accountId?: number | undefined;
  declaredIn?: DeclaredIn | undefined;
}

/**
 * Finds the mailbox (`support` or `support@domain`) in the mail hosting, its account and its access
 * family. Problems a user can fix are check failures naming `mailbox`, `mailHostingId` or `accountId`;
 * API errors are thrown (never read as "not found").
 */
export async function resolveMailboxTarget(
  client: InfomaniakClient,
  query: TargetQuery,
): Promise<MailboxTarget | CheckFailure> {
  const { mailHostingId, mailbox } = query;
  const accountId = await client.mailHostings.accountOf(mailHostingId, () =>
    client.organisation.listAccounts(),
  );
  // The pair first: a hosting copied from another client's folder is the likeliest mistake.
  if (query.accountId !== undefined && accountId !== query.accountId) {
    return pairFailure(client, query.accountId, mailHostingId, wordingFor(query.declaredIn));
  }
  if (accountId === undefined) {
    return failure(
      "mailHostingId",
      `mail hosting ${mailHostingId} is not in any organisation this API token can see: check the id, or the token's organisation`,
    );
  }
  const [name, domain] = mailbox.split("@") as [string, string | undefined];
  const mailboxes = await client.mailHostings.mailboxes(mailHostingId);
  const found = mailboxes.find((m) => m.mailbox_name.toLowerCase() === name);
  const hostingDomain = (found ?? mailboxes[0])?.mailbox.split("@")[1]?.toLowerCase();
  if (domain !== undefined && hostingDomain !== undefined && domain !== hostingDomain) {
    return failure(
      "mailbox",
      `"${mailbox}" is on ${domain}, but mail hosting ${mailHostingId} serves ${hostingDomain}: use "${name}" or "${name}@${hostingDomain}", or the mail hosting of ${domain}`,
    );
  }
  if (!found) {
    const known = mailboxes.map((m) => m.mailbox_name).join(", ") || "none";
    return failure(
      "mailbox",
      `mailbox "${name}" does not exist in mail hosting ${mailHostingId}${hostingDomain ? ` (${hostingDomain})` : ""}: create it first, or use one of: ${known}`,
    );
  }
  const family = await client.mailboxAccesses.family(mailHostingId, {
    mailHostingId,
    mailboxName: found.mailbox_name,
  });
  const locale = (await client.organisation.listAccounts()).find((a) => a.id === accountId)?.locale ?? "";
  const language = InvitationLanguage.catch("en").parse(locale.slice(0, 2));
  return {
    mailHostingId,
    mailboxName: found.mailbox_name,
    address: found.mailbox,
    accountId,
    family,
    language,
    shareableByInvitation: shareableByInvitation(found),
  };
}

/** A mail hosting that is not in the organisation the declaration names: which ones are. */
async function pairFailure(
  client: InfomaniakClient,
  accountId: number,
  mailHostingId: number,
  wording: Wording,
): Promise<CheckFailure> {
  if (!(await client.organisation.listAccounts()).some((a) => a.id === accountId)) {
    return failure(
      "accountId",
      `organisation ${accountId} is not visible to this API token: check the id, or the token's organisation`,
    );
  }
  const hostings = (await client.mailHostings.list(accountId)).map((h) => h.id).join(", ") || "none";
  return failure(
    "mailHostingId",
    `mail hosting ${mailHostingId} is not in organisation ${accountId}: use one of ${hostings} as ${wording.mailHostingId}, or check the organisation's id`,
  );
}

/** The code Infomaniak answers a link to a restricted login identifier with (assumed: SPEC_CHOICES). */
export const RESTRICTED_LOGIN_CODE = "mailbox_is_restricted_login_identifier";

/** Why a restricted login identifier cannot be shared by a link, and the ways out. */
export function restrictedLoginMessage(address: string, how: string, wording: Wording): string {
  return (
    `${address} is a restricted login identifier: it is the address someone signs in to Infomaniak with, and Infomaniak ` +
    `forbids sharing such a mailbox by invitation link for security reasons (the Manager greys out "Invite"), so ${how} cannot be created. ` +
    `Ways out: give an existing member of the organisation access with ${wording.grant} (on a mail hosting that grants directly), ` +
    "or change that person's login identifier in the Manager so the address is no longer used to sign in"
  );
}

export function isFailure<T extends object>(value: T | CheckFailure): value is CheckFailure {
  return "reason" in value && "property" in value;
}
