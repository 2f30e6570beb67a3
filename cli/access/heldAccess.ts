import type { MailboxSharing, PermissionSet } from "../../provider/api/accessFamilies/accessFamily";
import type { InfomaniakClient } from "../../provider/api/client";
import { grantedRights } from "../../provider/permissions";
import { isLive, isoOfSeconds } from "../../provider/links";
import { emailKey } from "../../provider/people";

/**
 * Who can open a mailbox: a `member` of its organisation with access, a `guest` (someone outside who
 * accepted a link), a `team`, a `pending link` (to whom it was sent, until when), or a listing item of
 * a kind this tool does not know (`unknown`: shown, so that nothing is taken for nobody).
 */
export const HOLDER_KINDS = ["member", "guest", "team", "pending link", "unknown"] as const;
export type HolderKind = (typeof HOLDER_KINDS)[number];

export interface HeldAccess {
  organisation: { id: number; name: string };
  mailHostingId: number;
  /** The mailbox's address. */
  mailbox: string;
  /** An address; `team 7 (Sales)`; `not sent yet` for a link; an unknown item's keys. */
  who: string;
  /** The Infomaniak user, for a member's or guest's access. */
  userId: number | null;
  kind: HolderKind;
  /** The rights granted, sorted; null where Infomaniak's listing did not show them. */
  rights: string[] | null;
  /** A pending link's last day (`YYYY-MM-DD`). */
  until?: string;
}

/** A mailbox that was read, and its organisation. */
export interface MailboxRead {
  organisation: { id: number; name: string };
  mailHostingId: number;
  /** Its name (the address's local part) and address. */
  name: string;
  address: string;
}

export interface HeldAccessRead {
  organisations: { id: number; name: string }[];
  mailboxes: MailboxRead[];
  entries: HeldAccess[];
}

/** The rights granted; null where the listing did not show them. */
function granted(permissions: PermissionSet | null): string[] | null {
  return permissions === null ? null : grantedRights(permissions);
}

/** One mailbox's holders, from its listing. */
function holdersOf(
  sharing: MailboxSharing,
  members: Set<string>,
): Omit<HeldAccess, "organisation" | "mailHostingId" | "mailbox">[] {
  return [
    ...sharing.accesses.map((a) => ({
      who: a.email,
      userId: a.userId,
      kind: members.has(emailKey(a.email)) ? ("member" as const) : ("guest" as const),
      rights: granted(a.permissions),
    })),
    ...sharing.teams.map((t) => ({
      who: `team ${t.teamId}${t.name ? ` (${t.name})` : ""}`,
      userId: null,
      kind: "team" as const,
      rights: granted(t.permissions),
    })),
    ...sharing.invitations
      .filter((l) => isLive(l.expiresAt))
      .map((l) => ({
        who: l.sentTo || "not sent yet",
        userId: null,
        kind: "pending link" as const,
        rights: granted(l.permissions),
        until: isoOfSeconds(l.expiresAt).slice(0, 10),
      })),
    ...sharing.unknownItems.map((item) => ({
      who: `an item with ${item.keys.join(", ")}`,
      userId: null,
      kind: "unknown" as const,
      rights: null,
    })),
  ];
}

/**
 * Who can open every mailbox of the organisations' mail hostings, read with GET requests only: the
 * organisations, their members, their mail hostings and mailboxes (all pages), and one listing per mailbox.
 */
export async function readHeldAccess(
  client: InfomaniakClient,
  options: { accounts?: readonly number[]; progress?: (line: string) => void } = {},
): Promise<HeldAccessRead> {
  const progress = options.progress ?? (() => undefined);
  const organisations = await client.organisation.accountsAmong(options.accounts);
  const entries: HeldAccess[] = [];
  const mailboxes: MailboxRead[] = [];
  for (const account of organisations) {
    const organisation = { id: account.id, name: account.name };
    progress(`Organisation ${account.id} (${account.name}): members and mail hostings…`);
    const users = await client.organisation.users(account.id);
    const members = new Set(
      users.filter((u) => u.state_in_account === "valid").map((u) => emailKey(u.email)),
    );
    for (const hosting of await client.mailHostings.list(account.id)) {
      const boxes = await client.mailHostings.mailboxes(hosting.id);
      for (const [i, box] of boxes.entries()) {
        progress(`Mail hosting ${hosting.id}: mailbox ${i + 1}/${boxes.length}, ${box.mailbox}`);
        const sharing = await client.mailboxAccesses.sharing({
          mailHostingId: hosting.id,
          mailboxName: box.mailbox_name,
        });
        for (const holder of holdersOf(sharing, members))
          entries.push({ organisation, mailHostingId: hosting.id, mailbox: box.mailbox, ...holder });
        mailboxes.push({
          organisation,
          mailHostingId: hosting.id,
          name: box.mailbox_name,
          address: box.mailbox,
        });
      }
    }
  }
  return { organisations: organisations.map((a) => ({ id: a.id, name: a.name })), mailboxes, entries };
}
