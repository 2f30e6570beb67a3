import { ApiFailure, notFound } from "../apiFailure";
import type { MailHosting, Mailbox, MailboxInvitation, StoredPermissions } from "../model";
import type { SimulatorStore, StateView } from "../store";
import { INVITATION_TTL_SECONDS } from "./routeEnv";

/** Invitation links to one mailbox, shared by both access families. */

/** One e-mail per invitation per minute, as Infomaniak limits sending. */
export const SEND_INTERVAL_SECONDS = 60;

export function createMailboxInvitation(
  store: SimulatorStore,
  view: StateView,
  target: { hosting: MailHosting; mailbox: Mailbox },
  details: { permissions: StoredPermissions; firstName?: string | undefined; lastName?: string | undefined },
): MailboxInvitation {
  if (target.mailbox.restrictedLoginIdentifier) {
    throw new ApiFailure(
      422,
      "mailbox_is_restricted_login_identifier",
      `${target.mailbox.name}@${target.hosting.domain} is used as a restricted login identifier and cannot be shared by invitation`,
    );
  }
  const now = store.now();
  const invitation: MailboxInvitation = {
    key: store.randomKey(),
    mailHostingId: target.hosting.id,
    mailboxName: target.mailbox.name,
    permissions: details.permissions,
    firstName: details.firstName ?? "",
    lastName: details.lastName ?? "",
    sentTo: "",
    lastSentAt: null,
    status: "pending",
    createdAt: now,
    expiresAt: now + INVITATION_TTL_SECONDS,
    acceptedUserId: null,
  };
  view.state.mailboxInvitations.push(invitation);
  return invitation;
}

export function findMailboxInvitation(
  view: StateView,
  target: { hosting: MailHosting; mailbox: Mailbox },
  key: string,
): MailboxInvitation {
  const invitation = view.state.mailboxInvitations.find(
    (i) => i.key === key && i.mailHostingId === target.hosting.id && i.mailboxName === target.mailbox.name,
  );
  if (!invitation) throw notFound("Invitation not found");
  return invitation;
}

/** Records the e-mail; `tooSoon` is the family's own error for a second send within the minute. */
export function sendMailboxInvitation(
  store: SimulatorStore,
  invitation: MailboxInvitation,
  email: string,
  tooSoon: () => ApiFailure,
): void {
  const now = store.now();
  if (invitation.lastSentAt !== null && now - invitation.lastSentAt < SEND_INTERVAL_SECONDS) throw tooSoon();
  if (invitation.status !== "pending" || invitation.expiresAt <= now) {
    throw new ApiFailure(400, "cannot_send_invitation_email", "Cannot send invitation email");
  }
  invitation.sentTo = email;
  invitation.lastSentAt = now;
}

/** Pending invitations of a mailbox (expired ones included: their `expired_at` tells). */
export function pendingInvitations(
  view: StateView,
  hosting: MailHosting,
  mailboxName: string,
): MailboxInvitation[] {
  return view.state.mailboxInvitations.filter(
    (i) => i.mailHostingId === hosting.id && i.mailboxName === mailboxName && i.status === "pending",
  );
}
