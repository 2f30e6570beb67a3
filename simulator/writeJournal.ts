import type { State, StoredPermissions } from "./model";

/**
 * What each API write changed, in the simulator's own words, in order: tests compare it with what a
 * run said it would do. Found by comparing the state before and after each write, so every route is
 * journalled the same way (one that forgets to say what it did cannot exist). Admin routes (a guest
 * accepting, a link expiring, the clock) are the world moving, not writes, and are not journalled.
 */
export type WriteEntry =
  | { change: "access added"; mailHostingId: number; mailbox: string; userId: number; rights: string[] }
  | { change: "access removed"; mailHostingId: number; mailbox: string; userId: number }
  | {
      change: "access rights set";
      mailHostingId: number;
      mailbox: string;
      userId: number;
      added: string[];
      removed: string[];
    }
  | { change: "link made"; key: string; mailHostingId: number; mailbox: string; rights: string[] }
  | {
      change: "link rights set";
      key: string;
      mailHostingId: number;
      mailbox: string;
      added: string[];
      removed: string[];
    }
  | { change: "link status set"; key: string; mailHostingId: number; mailbox: string; status: string }
  | { change: "link e-mailed"; key: string; mailHostingId: number; mailbox: string; to: string }
  | { change: "account invitation made"; id: number; accountId: number; email: string; role: string }
  | { change: "account invitation changed"; id: number; accountId: number; email: string; role: string }
  | { change: "account invitation status set"; id: number; accountId: number; email: string; status: string }
  | { change: "membership ended"; accountId: number; userId: number };

/** The rights a stored set holds (true ones), sorted. */
function held(permissions: StoredPermissions): string[] {
  return Object.entries(permissions)
    .filter(([, on]) => on)
    .map(([name]) => name)
    .sort();
}

function difference(before: StoredPermissions, after: StoredPermissions) {
  const was = held(before);
  const now = held(after);
  return { added: now.filter((r) => !was.includes(r)), removed: was.filter((r) => !now.includes(r)) };
}

function accessChanges(before: State, after: State): WriteEntry[] {
  const key = (a: State["accesses"][number]) => `${a.mailHostingId} ${a.mailboxName} ${a.userId}`;
  const old = new Map(before.accesses.map((a) => [key(a), a]));
  const now = new Map(after.accesses.map((a) => [key(a), a]));
  const entries: WriteEntry[] = [];
  for (const [k, a] of now) {
    const place = { mailHostingId: a.mailHostingId, mailbox: a.mailboxName, userId: a.userId };
    const was = old.get(k);
    if (!was) entries.push({ change: "access added", ...place, rights: held(a.permissions) });
    else {
      const { added, removed } = difference(was.permissions, a.permissions);
      if (added.length + removed.length > 0)
        entries.push({ change: "access rights set", ...place, added, removed });
    }
  }
  for (const [k, a] of old)
    if (!now.has(k))
      entries.push({
        change: "access removed",
        mailHostingId: a.mailHostingId,
        mailbox: a.mailboxName,
        userId: a.userId,
      });
  return entries;
}

function linkChanges(before: State, after: State): WriteEntry[] {
  const old = new Map(before.mailboxInvitations.map((i) => [i.key, i]));
  return after.mailboxInvitations.flatMap((link): WriteEntry[] => {
    const place = { key: link.key, mailHostingId: link.mailHostingId, mailbox: link.mailboxName };
    const was = old.get(link.key);
    const entries: WriteEntry[] = [];
    if (!was) entries.push({ change: "link made", ...place, rights: held(link.permissions) });
    else {
      const { added, removed } = difference(was.permissions, link.permissions);
      if (added.length + removed.length > 0)
        entries.push({ change: "link rights set", ...place, added, removed });
      if (was.status !== link.status)
        entries.push({ change: "link status set", ...place, status: link.status });
    }
    if (link.sendCount > (was?.sendCount ?? 0))
      entries.push({ change: "link e-mailed", ...place, to: link.sentTo });
    return entries;
  });
}

function accountChanges(before: State, after: State): WriteEntry[] {
  const old = new Map(before.accountInvitations.map((i) => [i.id, i]));
  const invitations = after.accountInvitations.flatMap((x): WriteEntry[] => {
    const place = { id: x.id, accountId: x.accountId, email: x.email };
    const was = old.get(x.id);
    if (!was) return [{ change: "account invitation made", ...place, role: x.role }];
    const entries: WriteEntry[] = [];
    if (was.role !== x.role) entries.push({ change: "account invitation changed", ...place, role: x.role });
    if (was.status !== x.status)
      entries.push({ change: "account invitation status set", ...place, status: x.status });
    return entries;
  });
  const members = new Set(after.memberships.map((m) => `${m.accountId} ${m.userId}`));
  const ended = before.memberships
    .filter((m) => !members.has(`${m.accountId} ${m.userId}`))
    .map((m): WriteEntry => ({ change: "membership ended", accountId: m.accountId, userId: m.userId }));
  return [...invitations, ...ended];
}

export class WriteJournal {
  private entries: WriteEntry[] = [];

  /** Runs an API write and journals what it changed, even when it fails half-way (that is news too). */
  around<T>(state: () => State, write: () => T): T {
    const before = structuredClone(state());
    try {
      return write();
    } finally {
      const after = state();
      this.entries.push(
        ...accessChanges(before, after),
        ...linkChanges(before, after),
        ...accountChanges(before, after),
      );
    }
  }

  snapshot(): WriteEntry[] {
    return structuredClone(this.entries);
  }

  reset(): void {
    this.entries = [];
  }
}
