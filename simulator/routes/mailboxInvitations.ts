import { ApiFailure, notFound } from "../apiFailure";
import type { Account, MailHosting, Mailbox, MailboxInvitation, StoredPermissions } from "../model";
import type { SimulatorStore, StateView } from "../store";
import { INVITATION_TTL_SECONDS } from "./routeEnv";

/** Invitation links to one mailbox, shared by both access families. */

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
    sendCount: 0,
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

/**
 * Each family's own answer to a second e-mail within the send interval: the webmail send route's
 * 429 (SPEC_CHOICES.routeRateLimit), the legacy send route's 400.
 */
function tooSoon(family: Account["accessFamily"]): ApiFailure {
  return family === "webmail"
    ? new ApiFailure(
        429,
        "invitation_sending_rate_limit_reached",
        "An invitation was already sent in the last minute",
      )
    : new ApiFailure(
        400,
        "too_many_attempts_try_again_in_1_minute",
        "Too many attempts try again in 1 minute",
      );
}

/** Records the e-mail: one per link per `apiBehaviour.sendIntervalSeconds`, as Infomaniak limits sending. */
export function sendMailboxInvitation(
  store: SimulatorStore,
  view: StateView,
  target: { hosting: MailHosting },
  invitation: MailboxInvitation,
  email: string,
): void {
  const now = store.now();
  const interval = view.state.apiBehaviour.sendIntervalSeconds;
  if (invitation.lastSentAt !== null && now - invitation.lastSentAt < interval) {
    throw tooSoon(view.familyOf(target.hosting));
  }
  if (!isLive(invitation, now)) {
    throw new ApiFailure(400, "cannot_send_invitation_email", "Cannot send invitation email");
  }
  invitation.sentTo = email;
  invitation.lastSentAt = now;
  invitation.sendCount += 1;
}

/** A link that can still be used: pending and not expired. */
export function isLive(invitation: MailboxInvitation, now: number): boolean {
  return invitation.status === "pending" && invitation.expiresAt > now;
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
