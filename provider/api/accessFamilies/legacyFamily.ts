import { z } from "zod";
import { LEGACY_PERMISSIONS } from "../permissionNames";
import {
  Acknowledged,
  LegacyCreateInvitationBody,
  LegacyInvitation,
  LegacyPatchBody,
  LegacySendBody,
  LegacyUsersAndInvitations,
} from "../schemas";
import type { InvitationLanguage, LegacyPermissions } from "../schemas";
import type { Transport } from "../transport";
import { apiPath } from "../transport";
import type {
  InvitationGrantFamily,
  InvitationEntry,
  MailboxRef,
  MailboxSharing,
  NewInvitation,
  PermissionSet,
} from "./accessFamily";
import { completePermissions, invitationEntry } from "./accessFamily";

function complete(permissions: PermissionSet): LegacyPermissions {
  return completePermissions(LEGACY_PERMISSIONS, permissions);
}

function entry(i: z.infer<typeof LegacyInvitation>): InvitationEntry {
  return invitationEntry(LEGACY_PERMISSIONS, i);
}

/** The legacy `users` / `invitations` / `auth/invitations` family. */
export class LegacyFamily implements InvitationGrantFamily {
  readonly family = "legacy" as const;

  constructor(private readonly transport: Transport) {}

  /**
   * Users and pending links. Both lists are optional in the full spec: a user without `permissions`
   * is listed with unknown rights, and a listing without `invitations` is completed from the
   * invitations route, so that a missing list is never read as "no pending link".
   */
  async list(m: MailboxRef): Promise<MailboxSharing> {
    const answer = await this.transport.call({
      method: "GET",
      path: apiPath`/1/mail_hostings/${m.mailHostingId}/mailboxes/${m.mailboxName}/users`,
      response: LegacyUsersAndInvitations,
      kind: "idempotent",
    });
    const invitations = answer.data.invitations ?? (await this.invitations(m));
    return {
      family: this.family,
      accesses: answer.data.users.map((u) => ({
        userId: u.id,
        email: u.email,
        permissions: u.permissions === undefined ? null : complete(u.permissions),
      })),
      invitations: invitations.filter((i) => !i.is_used).map(entry),
      teams: [],
      unknownItems: [],
    };
  }

  private async invitations(m: MailboxRef): Promise<z.infer<typeof LegacyInvitation>[]> {
    const answer = await this.transport.call({
      method: "GET",
      path: apiPath`/1/mail_hostings/${m.mailHostingId}/mailboxes/${m.mailboxName}/invitations`,
      response: z.array(LegacyInvitation),
      kind: "idempotent",
    });
    return answer.data;
  }

  readonly grantsDirectly = false;

  async update(m: MailboxRef, userId: number, permissions: PermissionSet): Promise<void> {
    await this.transport.call({
      method: "PATCH",
      path: apiPath`/1/mail_hostings/${m.mailHostingId}/mailboxes/${m.mailboxName}/users/${userId}`,
      body: LegacyPatchBody.parse({ permissions: complete(permissions) }),
      response: Acknowledged,
      kind: "idempotent",
    });
  }

  async revoke(m: MailboxRef, userId: number): Promise<void> {
    await this.transport.call({
      method: "DELETE",
      path: apiPath`/1/mail_hostings/${m.mailHostingId}/mailboxes/${m.mailboxName}/users/${userId}`,
      response: Acknowledged,
      kind: "idempotent",
    });
  }

  async createInvitation(m: MailboxRef, invitation: NewInvitation): Promise<InvitationEntry> {
    const answer = await this.transport.call({
      method: "POST",
      path: apiPath`/1/mail_hostings/${m.mailHostingId}/mailboxes/${m.mailboxName}/auth/invitations`,
      body: LegacyCreateInvitationBody.parse({
        permissions: complete(invitation.permissions),
        send_email: false,
        ...(invitation.firstName ? { firstname: invitation.firstName } : {}),
        ...(invitation.lastName ? { lastname: invitation.lastName } : {}),
      }),
      response: LegacyInvitation,
      kind: "create",
    });
    return entry(answer.data);
  }

  async sendInvitation(
    m: MailboxRef,
    key: string,
    email: string,
    language: InvitationLanguage,
  ): Promise<void> {
    await this.transport.call({
      method: "PUT",
      path: apiPath`/1/mail_hostings/${m.mailHostingId}/mailboxes/${m.mailboxName}/auth/invitations/send`,
      body: LegacySendBody.parse({ key, email, language }),
      response: Acknowledged,
      kind: "create",
    });
  }
}
