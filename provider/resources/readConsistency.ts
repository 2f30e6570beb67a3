import type { MailboxRef, MailboxSharing } from "../api/accessFamilies/accessFamily";
import type { InfomaniakClient } from "../api/client";
import { sleep } from "../api/retryPolicy";
import { warn } from "../runtime";
import { hiddenRightsNotice } from "./rightsShown";

/** How long after its last write an object that a listing misses is looked for once more. */
export const RECENT_WRITE_MS = 30_000;

/**
 * The listing a refresh decides on. Reads may lag writes by a few seconds: an object written less
 * than RECENT_WRITE_MS ago and missing from the listing is looked for again after
 * `consistencyDelayMs` before it counts as gone, so a fresh grant is never dropped from the state.
 */
export async function settledSharing(
  client: InfomaniakClient,
  mailbox: MailboxRef,
  lastWriteAt: number,
  isPresent: (sharing: MailboxSharing) => boolean,
): Promise<MailboxSharing> {
  const first = await client.mailboxAccesses.sharing(mailbox);
  if (isPresent(first) || Date.now() - lastWriteAt > RECENT_WRITE_MS) return first;
  await sleep(client.settings.consistencyDelayMs);
  return client.mailboxAccesses.freshSharing(mailbox);
}

/** What a grant or a link records of where it lives, and of its last write. */
interface ListedState {
  mailHostingId: number;
  mailbox: string;
  address: string;
  lastWriteAt: number;
}

/**
 * The live state of a grant or a link, from its mailbox's settled listing; says when that listing hid
 * the rights of the person the live state names (`holder`: their user id, null for none).
 */
export async function liveFromListing<Live>(
  client: InfomaniakClient,
  stored: ListedState,
  liveIn: (sharing: MailboxSharing) => Live | undefined,
  holder: (live: Live) => number | null,
): Promise<Live | undefined> {
  const mailbox = { mailHostingId: stored.mailHostingId, mailboxName: stored.mailbox };
  const sharing = await settledSharing(client, mailbox, stored.lastWriteAt, (s) => liveIn(s) !== undefined);
  const live = liveIn(sharing);
  const notice = hiddenRightsNotice(sharing, live === undefined ? null : holder(live), stored.address);
  if (notice) warn(notice);
  return live;
}
