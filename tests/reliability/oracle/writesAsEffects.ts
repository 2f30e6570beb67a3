import type { Effect } from "../../../cli/report/effects";
import type { State, WriteEntry } from "../../../simulator";

/**
 * The simulator's journal of one `up`, said in the report's vocabulary (report/effects.ts), so that the
 * two lists can be compared: what the run said it would do, and what Infomaniak saw done.
 */

/** What the mapping needs to name things: addresses of users, mailboxes, and of links not e-mailed. */
export interface Names {
  state: State;
  /** A link's recipient as the stack declared it (an unsent link has no address at Infomaniak). */
  linkRecipient: Map<string, string>;
  /** Links that are a member's grant: the legacy family has no grant route, a link to them is one. */
  grantLinks: Set<string>;
}

/** One effect as compared: what, where, who, and the rights or e-mail it names. */
export type Said = string;

export function said(
  e: Pick<Effect, "effect" | "mailbox" | "who" | "rights" | "added" | "removed" | "emailedTo">,
): Said {
  const parts = [e.effect, e.mailbox || "(organisation)", e.who.toLowerCase()];
  if (e.effect === "rights changed")
    parts.push(`+[${(e.added ?? []).join(",")}] -[${(e.removed ?? []).join(",")}]`);
  else if (e.rights) parts.push(`[${[...e.rights].sort().join(",")}]`);
  if (e.emailedTo) parts.push(`e-mailed to ${e.emailedTo.toLowerCase()}`);
  return parts.join(" | ");
}

function mailboxAddress(names: Names, mailHostingId: number, mailbox: string): string {
  const domain =
    names.state.mailHostings.find((h) => h.id === mailHostingId)?.domain ?? `hosting-${mailHostingId}`;
  return `${mailbox}@${domain}`;
}

function userEmail(names: Names, userId: number): string {
  return names.state.users.find((u) => u.id === userId)?.email ?? `user-${userId}`;
}

interface LinkEvent {
  kind: "made" | "cancelled" | "e-mailed";
  key: string;
  mailbox: string;
  who: string;
  rights: string[];
}

type Journal = { effects: Omit<Effect, "resource">[]; links: LinkEvent[] };

/** Each entry alone; links are paired afterwards (a cancelled and a made one is a replacement). */
function entryEffect(names: Names, entry: WriteEntry, out: Journal): void {
  if ("mailbox" in entry) {
    const mailbox = mailboxAddress(names, entry.mailHostingId, entry.mailbox);
    if ("userId" in entry) {
      const who = userEmail(names, entry.userId);
      if (entry.change === "access added")
        out.effects.push({ effect: "access granted", mailbox, who, rights: entry.rights });
      if (entry.change === "access removed") out.effects.push({ effect: "access revoked", mailbox, who });
      if (entry.change === "access rights set")
        out.effects.push({
          effect: "rights changed",
          mailbox,
          who,
          added: entry.added,
          removed: entry.removed,
        });
      return;
    }
    const who =
      names.linkRecipient.get(entry.key) ??
      (entry.change === "link e-mailed" ? entry.to : `link ${entry.key}`);
    if (names.grantLinks.has(entry.key)) {
      grantLinkEffect(entry, mailbox, who, out);
      return;
    }
    if (entry.change === "link made")
      out.links.push({ kind: "made", key: entry.key, mailbox, who, rights: entry.rights });
    if (entry.change === "link e-mailed")
      out.links.push({ kind: "e-mailed", key: entry.key, mailbox, who: entry.to, rights: [] });
    if (entry.change === "link status set" && entry.status === "cancelled")
      out.links.push({ kind: "cancelled", key: entry.key, mailbox, who, rights: [] });
    if (entry.change === "link rights set")
      out.effects.push({
        effect: "rights changed",
        mailbox,
        who,
        added: entry.added,
        removed: entry.removed,
      });
    return;
  }
  if (entry.change === "account invitation made")
    out.effects.push({ effect: "organisation invitation sent", mailbox: "", who: entry.email });
  if (entry.change === "account invitation changed")
    out.effects.push({ effect: "organisation invitation changed", mailbox: "", who: entry.email });
  if (entry.change === "account invitation status set" && entry.status === "cancelled")
    out.effects.push({ effect: "organisation invitation cancelled", mailbox: "", who: entry.email });
}

/** A member's grant on the legacy family: its link made is access granted (its e-mail is how), cancelled is revoked. */
function grantLinkEffect(entry: WriteEntry, mailbox: string, who: string, out: Journal): void {
  if (entry.change === "link made")
    out.effects.push({ effect: "access granted", mailbox, who, rights: entry.rights });
  if (entry.change === "link status set" && entry.status === "cancelled")
    out.effects.push({ effect: "access revoked", mailbox, who });
  if (entry.change === "link rights set")
    out.effects.push({ effect: "rights changed", mailbox, who, added: entry.added, removed: entry.removed });
}

/** A link cancelled and another made for the same person on the same mailbox, in one run: a replacement. */
function linkEffects(links: LinkEvent[]): Omit<Effect, "resource">[] {
  const effects: Omit<Effect, "resource">[] = [];
  const person = (l: LinkEvent) => `${l.mailbox} ${l.who.toLowerCase()}`;
  const emailed = (key: string) => links.find((l) => l.kind === "e-mailed" && l.key === key);
  const cancelled = links.filter((l) => l.kind === "cancelled");
  const replaced = new Set<string>();
  for (const made of links.filter((l) => l.kind === "made")) {
    // Another link: one made and cancelled in the same run (by a policy, say) is no replacement.
    const old = cancelled.find(
      (c) => person(c) === person(made) && c.key !== made.key && !replaced.has(c.key),
    );
    const mail = emailed(made.key);
    if (old) {
      replaced.add(old.key);
      effects.push({
        effect: "link replaced",
        mailbox: made.mailbox,
        who: made.who,
        rights: made.rights,
        ...(mail ? { emailedTo: mail.who } : {}),
      });
      continue;
    }
    effects.push({ effect: "link created", mailbox: made.mailbox, who: made.who, rights: made.rights });
    if (mail)
      effects.push({ effect: "e-mail sent", mailbox: made.mailbox, who: made.who, emailedTo: mail.who });
  }
  for (const c of cancelled.filter((l) => !replaced.has(l.key)))
    effects.push({ effect: "link cancelled", mailbox: c.mailbox, who: c.who });
  // An e-mail for a link made before this run: a link sent again.
  const made = new Set(links.filter((l) => l.kind === "made").map((l) => l.key));
  for (const mail of links.filter((l) => l.kind === "e-mailed" && !made.has(l.key)))
    effects.push({ effect: "e-mail sent", mailbox: mail.mailbox, who: mail.who, emailedTo: mail.who });
  return effects;
}

/** What the simulator saw done, as the report would say it. */
export function writesAsEffects(names: Names, journal: readonly WriteEntry[]): Said[] {
  const out: Journal = { effects: [], links: [] };
  for (const entry of journal) entryEffect(names, entry, out);
  return [...out.effects, ...linkEffects(out.links)].map(said).sort();
}
