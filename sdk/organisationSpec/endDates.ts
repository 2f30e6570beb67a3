import { hasEnded } from "../../provider/fields/review";
import type { GrantSpec, InvitationSpec, MailboxSpec } from "./schema";

/** A grant or invitation a spec no longer declares because its end date has passed. */
export interface EndedEntry {
  mailbox: string;
  who: string;
  expiresAt: string;
}

/** A mailbox's entries still in force on `today`, and those whose end date (`expiresAt`) has passed. */
export function mailboxInForce(
  mailbox: MailboxSpec,
  today: string,
): { inForce: MailboxSpec; ended: EndedEntry[] } {
  const ended: EndedEntry[] = [];
  const keep = (who: string, entry: GrantSpec | InvitationSpec) => {
    if (!hasEnded(entry, today)) return true;
    ended.push({ mailbox: mailbox.name, who, expiresAt: entry.expiresAt ?? "" });
    return false;
  };
  const inForce = {
    ...mailbox,
    grants: mailbox.grants.filter((g) => keep(g.member, g)),
    invitations: mailbox.invitations.filter((i) => keep(i.email, i)),
  };
  return { inForce, ended };
}
