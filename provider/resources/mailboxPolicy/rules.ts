import { complete } from "../../engine/complete";
import type * as pulumi from "@pulumi/pulumi";
import type { MailboxSharing } from "../../api/accessFamilies/accessFamily";
import type { Previous, Proposed } from "../../engine/defineResource";
import type { FieldChanges } from "../../engine/fields";
import { diffResult } from "../../engine/fields";
import { containsUnknown, failure } from "../../engine/protocol";
import { acknowledges } from "../../fields/review";
import { isLive } from "../../links";
import { emailKey } from "../../people";
import type { MailboxTarget } from "../mailboxTarget";
import { checkedMailbox } from "../onMailbox";
import type { Checked, Declared, Unmanaged } from "./schema";
import { identity } from "./schema";
import { Unmanaged as UnmanagedSchema } from "./schema";

/** What authoritative mode may revoke: people it can identify, never a team or an unknown item. */
export function revocable(entry: Unmanaged): boolean {
  return entry.kind === "access" || entry.kind === "invitation";
}

/**
 * Everyone the listing shows beyond the managed people: accesses, live links, teams, unknown items. A
 * link is the program's own by its key (a link not e-mailed has no recipient) or by its recipient.
 */
export function unmanagedIn(
  sharing: MailboxSharing,
  managed: Pick<Declared, "managedEmails" | "managedUserIds" | "managedLinkKeys">,
) {
  const emails = new Set(managed.managedEmails.map(emailKey));
  const userIds = new Set(managed.managedUserIds);
  const linkKeys = new Set(managed.managedLinkKeys);
  const person = { teamId: null, key: null };
  const accesses: Unmanaged[] = sharing.accesses
    .filter((a) => !userIds.has(a.userId) && !emails.has(emailKey(a.email)))
    .map((a) => ({
      ...person,
      kind: "access",
      email: a.email,
      userId: a.userId,
      label: a.email,
      permissions: a.permissions,
    }));
  const links: Unmanaged[] = sharing.invitations
    .filter((i) => isLive(i.expiresAt) && !linkKeys.has(i.key) && !emails.has(emailKey(i.sentTo)))
    .map((i) => ({
      ...person,
      kind: "invitation",
      email: i.sentTo,
      userId: null,
      key: i.key,
      label: i.sentTo || "an unsent link",
      permissions: i.permissions,
    }));
  const teams: Unmanaged[] = sharing.teams.map((t) => ({
    kind: "team",
    email: "",
    userId: null,
    key: null,
    teamId: t.teamId,
    label: `team ${t.teamId}${t.name ? ` (${t.name})` : ""}`,
    permissions: t.permissions,
  }));
  const unknown: Unmanaged[] = sharing.unknownItems.map((u) => ({
    ...person,
    kind: "unknown",
    email: "",
    userId: null,
    label: `an item of unknown kind (${u.keys.join(", ") || "no keys"})`,
    permissions: null,
  }));
  return [...accesses, ...links, ...teams, ...unknown];
}

/** The inputs that name the policy's own links and people by their resources' outputs. */
const MANAGED_BY_OUTPUT = ["managedUserIds", "managedLinkKeys"] as const;

/**
 * While a declared invitation changes, its outputs (who accepted it, its key) are unknown to the
 * preview. They name the policy's own links, which the last check knew: those stand in for the
 * unknown ones, so the check runs and counts as `up` will. Without a last check they stay unknown.
 */
export function settleManagedUnknowns(
  news: Record<string, unknown>,
  previous: Previous,
): Record<string, unknown> {
  if (!previous) return news;
  const settled = { ...news };
  for (const key of MANAGED_BY_OUTPUT) {
    const value: unknown = news[key];
    const before: unknown = previous[key];
    if (!containsUnknown(value) || !Array.isArray(before)) continue;
    const known: unknown[] = Array.isArray(value) ? value.filter((v: unknown) => !containsUnknown(v)) : [];
    settled[key] = [...new Set([...known, ...(before as unknown[])])];
  }
  return settled;
}

/** Acknowledged people an authoritative mailbox would revoke all the same: the preview says so. */
export function contradictedAcknowledgements(declared: Declared, unmanaged: readonly Unmanaged[]) {
  if (declared.mode !== "authoritative") return [];
  return declared.acknowledged.flatMap((ack, i) =>
    unmanaged.some((u) => revocable(u) && acknowledges(ack.who, u))
      ? [
          failure(
            `acknowledged[${i}]`,
            `${ack.who} is acknowledged, but an authoritative mailbox revokes access it does not declare: declare it (a grant or an invitation), or use mode report-only while it stays undeclared`,
          ),
        ]
      : [],
  );
}

/** The checked inputs: the declaration on its resolved mailbox, with what its listing holds beyond it. */
export function checkedOf(declared: Declared, target: MailboxTarget, unmanaged: Unmanaged[]): Checked {
  return complete<Checked>({
    ...checkedMailbox(target),
    mode: declared.mode,
    managedEmails: declared.managedEmails,
    managedUserIds: declared.managedUserIds,
    managedLinkKeys: declared.managedLinkKeys,
    acknowledged: declared.acknowledged,
    unmanaged,
    revoking: declared.mode === "authoritative" ? unmanaged.filter(revocable) : [],
  });
}

/** What the preview says an authoritative policy revokes at `up`, by name and kind (none: nothing). */
export function revocationNotice(address: string, revoking: readonly Unmanaged[]): string | undefined {
  if (revoking.length === 0) return undefined;
  const who = revoking.map((u) => `${u.label} (${u.kind === "access" ? "access" : "invitation link"})`);
  return `${address} is authoritative: up revokes what it does not declare: ${who.join(", ")}`;
}

/**
 * Whether this run's check listed `entry` to be revoked (`revoking`, the same access or link). Whoever
 * was granted between check and apply is not: the preview did not show them, so `up` leaves them, and
 * the next run lists them (and then remembers having revoked them).
 */
export function plannedRevocation(revoking: readonly Unmanaged[], entry: Unmanaged): boolean {
  return revocable(entry) && revoking.some((r) => identity(r) === identity(entry));
}

/** Whom `unmanaged` holds again that the policy's last run revoked (`revoking` of its stored inputs). */
export function revokedAndBack(revoked: readonly Unmanaged[], unmanaged: readonly Unmanaged[]): Unmanaged[] {
  return revoked.filter((r) =>
    unmanaged.some(
      (u) =>
        revocable(u) &&
        ((r.userId !== null && u.userId === r.userId) ||
          (r.key !== null && u.key === r.key) ||
          (r.email !== "" && emailKey(u.email) === emailKey(r.email))),
    ),
  );
}

/**
 * Revoking again someone the policy's last run revoked would undo another declaration at every run,
 * and that one would undo this: two stacks (or a stack and the Manager) would flap forever. The
 * preview fails instead (so `up` does too, before any write), naming who and what to do.
 */
export function conflictFailure(address: string, back: readonly Unmanaged[]) {
  const who = back.map((r) => r.label).join(", ");
  return failure(
    "managedEmails",
    `${address} is authoritative, and ${who} ${back.length === 1 ? "has" : "have"} access again after its last run revoked it: another stack, or someone in the Manager, grants it. Revoking it again would undo that grant at every run, and it would undo this [conflicting_declarations]. Declare ${back.length === 1 ? "them" : "each"} on this mailbox (a grant or an invitation, or managedEmails), or remove the other declaration and revoke the access in the Manager; then run again`,
  );
}

/**
 * Authoritative: anything undeclared is to be revoked, even if a refresh already recorded it (the
 * table's default sees no change when the listing is the same).
 */
export function diffPolicy(
  changes: FieldChanges,
  _old: unknown,
  next: Proposed<Pick<Checked, "mode" | "unmanaged">>,
): pulumi.dynamic.DiffResult {
  const unmanaged = UnmanagedSchema.array().safeParse(next.unmanaged);
  const revokes = next.mode === "authoritative" && unmanaged.success && unmanaged.data.some(revocable);
  const result = diffResult(changes);
  return revokes ? { ...result, changes: true } : result;
}
