import type { MailboxRef, MailboxSharing } from "../api/accessFamilies/accessFamily";
import type { InfomaniakClient } from "../api/client";
import { sleep } from "../api/retryPolicy";

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
