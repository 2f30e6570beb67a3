import { complete } from "../../engine/complete";
import type * as pulumi from "@pulumi/pulumi";
import type { MailboxSharing, PermissionSet } from "../../api/accessFamilies/accessFamily";
import { samePermissions } from "../../api/accessFamilies/accessFamily";
import { changeableInPlace } from "../../api/accessFamilies/pendingLinks";
import type { Proposed } from "../../engine/defineResource";
import type { FieldChanges } from "../../engine/fields";
import { diffResult } from "../../engine/fields";
import { isUnknown } from "../../engine/protocol";
import { isoHasPassed, isoOfSeconds } from "../../links";
import { sameEmail } from "../../people";
import type { Existing } from "../adoption";
import type { MailboxTarget } from "../mailboxTarget";
import { checkedMailbox, declaredTerms } from "../onMailbox";
import { rightsShown } from "../rightsShown";
import type { Wording } from "../wording";
import type { Checked, Declared, State } from "./schema";

export function adoptionMessage(email: string, address: string, wording: Wording): string {
  return (
    `${email} already has access to ${address}, or a pending invitation link to it. To bring it under this stack's management, ` +
    `${wording.adopt}; or remove it in the Manager first`
  );
}

/** A link past its expiry that nobody accepted. */
export function isExpired(state: Pick<State, "status" | "expiresAt">): boolean {
  return state.status !== "accepted" && isoHasPassed(state.expiresAt);
}

export function idOf(state: Pick<State, "mailHostingId" | "mailbox" | "key">): string {
  return `${state.mailHostingId}/${state.mailbox}/invitation/${state.key}`;
}

/** The checked inputs: the declaration on its resolved mailbox, with its defaults and every right explicit. */
export function checkedOf(
  declared: Declared,
  target: MailboxTarget,
  permissions: PermissionSet,
  existing: { existing?: Existing },
): Checked {
  return complete<Checked>({
    ...checkedMailbox(target),
    email: declared.email,
    firstName: declared.firstName,
    lastName: declared.lastName,
    permissions,
    send: declared.send ?? true,
    language: declared.language ?? target.language,
    onExpiry: declared.onExpiry ?? "report",
    ...declaredTerms(declared),
    existing: existing.existing,
  });
}

/** Where the invitation stands according to the live listing (undefined: gone). */
export function liveState(state: State, sharing: MailboxSharing): State | undefined {
  if (state.status !== "accepted") {
    const pending = sharing.invitations.find((i) => i.key === state.key);
    if (pending) {
      const expiresAt = isoOfSeconds(pending.expiresAt);
      return {
        ...state,
        expiresAt,
        permissions: pending.permissions,
        status: isExpired({ status: "pending", expiresAt }) ? "expired" : "pending",
      };
    }
  }
  // Accepted: the link became an access of the person who opened it (found by the invited address).
  const access = sharing.accesses.find((a) =>
    state.acceptedUserId !== null ? a.userId === state.acceptedUserId : sameEmail(a.email, state.email),
  );
  if (!access) return undefined;
  return {
    ...state,
    status: "accepted",
    acceptedUserId: access.userId,
    permissions: rightsShown(access, state),
  };
}

/**
 * Whether new rights replace a pending link: its PATCH cannot carry a webmail-only right, so `up`
 * cancels the link and makes a new one (e-mailed when `send` says so). The API may also decline a
 * change it could carry; that is only known at `up`, which then does the same (and says so).
 */
export function replacesPendingLink(
  old: { status: string; permissions: State["permissions"] },
  next: Proposed<Pick<Checked, "permissions">>,
): boolean {
  const rights = next.permissions;
  if (old.status !== "pending" || rights === undefined || isUnknown(rights)) return false;
  return !samePermissions(rights, old.permissions) && !changeableInPlace(old.permissions, rights);
}

/** What replacing a pending link does: the old one cancelled, and who, if anyone, gets the new one. */
export function linkReplacement(email: string, send: boolean): string {
  return `the link is cancelled and ${send ? `${email} is e-mailed a new one` : "a new one is created, not e-mailed (send: false)"}`;
}

/** What the preview says of a pending link that `up` replaces. */
export function linkReplacementNotice(
  id: string,
  old: Pick<State, "email" | "address">,
  send: boolean,
): string {
  return `The pending invitation link of ${old.email} to ${old.address} (${id}) cannot take the new rights in place: at up, ${linkReplacement(old.email, send)}`;
}

/**
 * Another mailbox or address is another invitation (the table's replacements), the old link going
 * first (one pending link per address and mailbox). New rights are an update: in place where the
 * link's PATCH can say them, else by a new link in the same update; not a replacement, which would be
 * checked as a new resource and find the very link it replaces. An expired link is re-sent
 * (`onExpiry: reinvite`) or only reported: the warning says so.
 */
export function diffInvitation(
  changes: FieldChanges,
  old: State,
  next: Proposed<Checked>,
  id: string,
): { result: pulumi.dynamic.DiffResult; warnings: string[] } {
  const replaces = [...changes.replaces];
  const warnings: string[] = [];
  if (isExpired(old)) {
    if (next.onExpiry === "reinvite") replaces.push("expiresAt");
    else
      warnings.push(
        `The invitation of ${old.email} to ${old.address} (${id}) expired on ${old.expiresAt}: onExpiry is "report", so nothing is re-sent`,
      );
  }
  if (replaces.length === 0 && replacesPendingLink(old, next))
    warnings.push(linkReplacementNotice(id, old, next.send !== false));
  const result = { ...diffResult({ ...changes, replaces }), deleteBeforeReplace: replaces.length > 0 };
  return { result, warnings };
}
