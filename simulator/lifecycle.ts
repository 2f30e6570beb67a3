import { ApiFailure, notFound } from "./apiFailure";
import type { MailboxInvitation, StoredPermissions, User } from "./model";
import type { SimulatorStore, StateView } from "./store";

/**
 * What happens outside the API: people accept, reject or let invitations expire. The admin routes
 * drive these; the API then shows the consequences (a member, an access, a used link).
 */

export interface Person {
  email: string;
  firstName?: string | undefined;
  lastName?: string | undefined;
}

/** The Infomaniak user with this address, created if there is none (accepting creates an account). */
export function findOrCreateUser(store: SimulatorStore, view: StateView, person: Person): User {
  const existing = view.userByEmail(person.email);
  if (existing) return existing;
  const user: User = {
    id: store.nextId(),
    email: person.email,
    firstName: person.firstName ?? "",
    lastName: person.lastName ?? "",
  };
  view.state.users.push(user);
  return user;
}

/** Grants access, or replaces the permissions of an existing one. */
export function grantAccess(
  store: SimulatorStore,
  view: StateView,
  target: { mailHostingId: number; mailboxName: string; userId: number; permissions: StoredPermissions },
): void {
  const existing = view.state.accesses.find(
    (a) =>
      a.mailHostingId === target.mailHostingId &&
      a.mailboxName === target.mailboxName &&
      a.userId === target.userId,
  );
  if (existing) {
    existing.permissions = { ...target.permissions };
    return;
  }
  view.state.accesses.push({
    id: store.nextId(),
    mailHostingId: target.mailHostingId,
    mailboxName: target.mailboxName,
    userId: target.userId,
    permissions: { ...target.permissions },
    createdAt: store.now(),
  });
}

/** The invitation, if it can still be answered: found, pending and not expired. */
function answerable<T extends { status: string; expiresAt: number }>(
  invitation: T | undefined,
  now: number,
): T {
  if (!invitation) throw notFound("Invitation not found");
  if (invitation.status !== "pending") {
    throw new ApiFailure(409, "invitation_not_pending", `The invitation is ${invitation.status}`);
  }
  if (invitation.expiresAt <= now)
    throw new ApiFailure(410, "invitation_expired", "The invitation has expired");
  return invitation;
}

function pendingAccountInvitation(view: StateView, id: number, now: number) {
  return answerable(
    view.state.accountInvitations.find((i) => i.id === id),
    now,
  );
}

export function acceptAccountInvitation(store: SimulatorStore, view: StateView, id: number): number {
  const invitation = pendingAccountInvitation(view, id, store.now());
  const user = findOrCreateUser(store, view, invitation);
  invitation.status = "accepted";
  invitation.userId = user.id;
  invitation.updatedAt = store.now();
  if (!view.isMember(invitation.accountId, user.id)) {
    view.state.memberships.push({ accountId: invitation.accountId, userId: user.id, role: invitation.role });
  }
  for (const mailbox of invitation.mailboxes) grantAccess(store, view, { ...mailbox, userId: user.id });
  return user.id;
}

export function rejectAccountInvitation(store: SimulatorStore, view: StateView, id: number): void {
  const invitation = pendingAccountInvitation(view, id, store.now());
  invitation.status = "rejected";
  invitation.updatedAt = store.now();
}

export function expireAccountInvitation(store: SimulatorStore, view: StateView, id: number): void {
  const invitation = pendingAccountInvitation(view, id, store.now());
  invitation.expiresAt = store.now() - 1;
}

function pendingMailboxInvitation(view: StateView, key: string, now: number): MailboxInvitation {
  return answerable(
    view.state.mailboxInvitations.find((i) => i.key === key),
    now,
  );
}

/** The invited person opens the link and signs in (or signs up): the link becomes an access. */
export function acceptMailboxInvitation(
  store: SimulatorStore,
  view: StateView,
  key: string,
  person: Partial<Person>,
): number {
  const invitation = pendingMailboxInvitation(view, key, store.now());
  const email = person.email ?? invitation.sentTo;
  if (!email) {
    throw new ApiFailure(
      422,
      "validation_failed",
      "The link was not sent to anyone: give the accepting email",
      {
        fieldErrors: [
          { code: "validation_rule_required", description: "email is required", attribute: "email" },
        ],
      },
    );
  }
  const user = findOrCreateUser(store, view, {
    email,
    firstName: person.firstName ?? invitation.firstName,
    lastName: person.lastName ?? invitation.lastName,
  });
  invitation.status = "accepted";
  invitation.acceptedUserId = user.id;
  grantAccess(store, view, { ...invitation, userId: user.id });
  return user.id;
}

export function rejectMailboxInvitation(store: SimulatorStore, view: StateView, key: string): void {
  pendingMailboxInvitation(view, key, store.now()).status = "rejected";
}

export function expireMailboxInvitation(store: SimulatorStore, view: StateView, key: string): void {
  pendingMailboxInvitation(view, key, store.now()).expiresAt = store.now() - 1;
}
