import { complete } from "../../engine/complete";
import type * as pulumi from "@pulumi/pulumi";
import type { PendingLink, MailboxSharing, PermissionSet } from "../../api/accessFamilies/accessFamily";
import type { AccountUser } from "../../api/schemas";
import type { Proposed } from "../../engine/defineResource";
import type { FieldChanges } from "../../engine/fields";
import { diffResult } from "../../engine/fields";
import type { CheckFailure } from "../../engine/protocol";
import { failure, isUnknown } from "../../engine/protocol";
import { liveLinkTo } from "../../links";
import { sameEmail } from "../../people";
import type { Existing } from "../adoption";
import type { MailboxTarget } from "../mailboxTarget";
import { restrictedLoginMessage } from "../mailboxTarget";
import type { Grantee, Member } from "../members";
import { checkedMailbox, declaredTerms } from "../onMailbox";
import { rightsShown } from "../rightsShown";
import type { Wording } from "../wording";
import type { Checked, Declared, State } from "./schema";

/** How the legacy family gives a member access: what a restricted login identifier refuses. */
export const GRANT_BY_LINK = "the invitation this mail hosting sends to give a member access";

const ID = /^(\d+)\/([^/]+)\/(\d+)$/;

export function idOf(c: { mailHostingId: number; mailbox: string; userId: number }): string {
  return `${c.mailHostingId}/${c.mailbox}/${c.userId}`;
}

/** An id's parts (`mailHostingId/mailbox/userId`), for a read from the id alone; undefined when it is not one. */
export function parseId(id: string): { mailHostingId: number; mailbox: string; userId: number } | undefined {
  const found = ID.exec(id);
  if (!found) return undefined;
  const [, hosting, mailbox, user] = found;
  return { mailHostingId: Number(hosting), mailbox: decodeURIComponent(mailbox ?? ""), userId: Number(user) };
}

export function adoptionMessage(
  target: Pick<MailboxTarget, "address">,
  member: Member,
  wording: Wording,
): string {
  return (
    `${member.email} already has access (or a pending invitation) to ${target.address}. To bring that access under this stack's management, ` +
    `${wording.adopt} (its permissions will then be set to the declared ones); ` +
    `or remove the access in the Manager first`
  );
}

/** The legacy family gives a member access by an invitation link, which a restricted login identifier refuses. */
export function restrictedGrantFailures(
  target: MailboxTarget,
  grantee: Grantee,
  wording: Wording,
): CheckFailure[] {
  return target.family === "legacy" && grantee.kind === "member" && !target.shareableByInvitation
    ? [failure("mailbox", restrictedLoginMessage(target.address, GRANT_BY_LINK, wording))]
    : [];
}

/** The checked inputs: the declaration on its resolved mailbox and member, every right explicit. */
export function checkedOf(
  declared: Declared,
  target: MailboxTarget,
  member: Member | undefined,
  permissions: PermissionSet,
  existing: { existing?: Existing },
): Checked {
  return complete<Checked>({
    ...checkedMailbox(target),
    userId: member?.userId ?? null,
    userEmail: declared.userEmail || undefined,
    permissions,
    ...declaredTerms(declared),
    carryOnInvitation: declared.carryOnInvitation,
    existing: existing.existing,
  });
}

/**
 * Someone invited who joins gets a user id: that is the same grant, not another person (the table
 * replaces a grant for another user id).
 */
export function diffGrant(
  changes: FieldChanges,
  old: Pick<State, "userId">,
  next: Proposed<Pick<Checked, "userId">>,
): pulumi.dynamic.DiffResult {
  const joined = !isUnknown(next.userId) && (old.userId === null || next.userId === null);
  return diffResult(
    joined ? { ...changes, replaces: changes.replaces.filter((k) => k !== "userId") } : changes,
  );
}

/** How `create` gives a member access, given what the mailbox's listing shows already. */
export type GrantPlan =
  /** Nothing held: grant (the legacy family then sends the member an invitation). */
  | { kind: "grant" }
  /** Held already and `adopt` not declared: refused, with the way to adopt. */
  | { kind: "refuse" }
  /** An access held already, taken over (its rights set to the declared ones if they differ). */
  | { kind: "adopt-access"; permissions: PermissionSet | null }
  /** On the legacy family, a live invitation sent to the member already, taken over. */
  | { kind: "adopt-link"; link: PendingLink };

/**
 * With `adopt`, an access held already is taken over without a write; on the legacy family, which
 * invites rather than grants, a member who has access or a live invitation is not sent another.
 */
export function grantPlan(
  checked: Pick<Checked, "adopt">,
  family: MailboxSharing["family"],
  member: Member,
  sharing: Pick<MailboxSharing, "accesses" | "invitations">,
): GrantPlan {
  const access = sharing.accesses.find((a) => a.userId === member.userId);
  if (access)
    return checked.adopt ? { kind: "adopt-access", permissions: access.permissions } : { kind: "refuse" };
  const link = family === "legacy" ? liveLinkTo(sharing.invitations, member.email) : undefined;
  if (link) return checked.adopt ? { kind: "adopt-link", link } : { kind: "refuse" };
  return { kind: "grant" };
}

/**
 * Where someone whose invitation carries the grant stands, from the organisation's users: still
 * invited, joined (their user id), or neither (they declined, or the invitation was cancelled or expired).
 */
export function invitedStanding(
  state: Pick<State, "organisationInvitationId" | "userEmail">,
  users: readonly AccountUser[],
): "still invited" | number | undefined {
  if (
    users.some((u) => u.invitation_id === state.organisationInvitationId && u.state_in_account === "pending")
  )
    return "still invited";
  const member = users.find((u) => u.state_in_account === "valid" && sameEmail(u.email, state.userEmail));
  return member?.user_id ?? undefined;
}

/** The grant as the listing shows it: an access (active), a pending link, or gone (undefined). */
export function liveGrant(
  state: State,
  sharing: Pick<MailboxSharing, "accesses" | "invitations">,
): State | undefined {
  const access = sharing.accesses.find((a) => a.userId === state.userId);
  if (access)
    return { ...state, permissions: rightsShown(access, state), status: "active", invitationKey: null };
  const pending = state.invitationKey
    ? sharing.invitations.find((i) => i.key === state.invitationKey)
    : undefined;
  if (pending) return { ...state, permissions: pending.permissions, status: "pending" };
  return undefined;
}
