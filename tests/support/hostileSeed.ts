import type { StateInput } from "../../simulator";
import { loadSeed, QUICKSTART_SEED } from "../../simulator";
import { SEED } from "./simulator";

/** A mailbox name no spec can hold: markup, a line break and a would-be YAML key. */
export const HOSTILE_MAILBOX = "x</td>\n# injected: true\r\u2028\u001b[2J";
/** A mailbox name that could not even be a path segment: its sharing must not be read. */
export const DOT_DOT_MAILBOX = "..";
/** A pending link's recipient that a spec refuses (addresses are plain ASCII there). */
export const NON_ASCII_RECIPIENT = "jörg@outside.example";

/**
 * The quick start seed plus what the spec cannot represent in the webmail organisation: a mailbox
 * named HOSTILE_MAILBOX (alice has access to it), one named DOT_DOT_MAILBOX, and a pending link on
 * `support` sent to NON_ASCII_RECIPIENT. Everything else must still be exported.
 */
export function seedWithUnrepresentable(): StateInput {
  const seed = loadSeed(QUICKSTART_SEED);
  const now = Math.floor(Date.now() / 1000);
  return {
    ...seed,
    mailboxes: [
      ...seed.mailboxes,
      { mailHostingId: SEED.webmailHosting, name: HOSTILE_MAILBOX },
      { mailHostingId: SEED.webmailHosting, name: DOT_DOT_MAILBOX },
    ],
    accesses: [
      ...(seed.accesses ?? []),
      {
        id: 9_001,
        mailHostingId: SEED.webmailHosting,
        mailboxName: HOSTILE_MAILBOX,
        userId: 1,
        permissions: { can_manage_filters: true },
        createdAt: now,
      },
    ],
    mailboxInvitations: [
      ...(seed.mailboxInvitations ?? []),
      {
        key: "non-ascii-link",
        mailHostingId: SEED.webmailHosting,
        mailboxName: "support",
        permissions: {},
        sentTo: NON_ASCII_RECIPIENT,
        status: "pending" as const,
        createdAt: now,
        expiresAt: now + 7 * 86_400,
      },
    ],
  };
}
