import type { z } from "zod";
import { listAllPages } from "../pagination";
import { WEBMAIL_PERMISSIONS } from "../permissionNames";
import {
  Acknowledged,
  WebmailCreateInvitationBody,
  WebmailGrantBody,
  WebmailInvitation,
  WebmailListItem,
  WebmailPatchBody,
  WebmailSendBody,
} from "../schemas";
import type { InvitationLanguage, WebmailPermissions } from "../schemas";
import type { Transport } from "../transport";
import { apiPath } from "../transport";
import type {
  DirectGrantFamily,
  InvitationEntry,
  MailboxRef,
  MailboxSharing,
  NewInvitation,
  PermissionSet,
} from "./accessFamily";
import { completePermissions, invitationEntry } from "./accessFamily";

function complete(permissions: PermissionSet): WebmailPermissions {
  return completePermissions(WEBMAIL_PERMISSIONS, permissions);
}

function base(m: MailboxRef) {
  return apiPath`/1/mail_hostings/${m.mailHostingId}/mailboxes/${m.mailboxName}/accesses/webmail`;
}

function entry(i: z.infer<typeof WebmailInvitation>): InvitationEntry {
  return invitationEntry(WEBMAIL_PERMISSIONS, i);
}

/** The new `accesses/webmail` family. */
export class WebmailFamily implements DirectGrantFamily {
  readonly family = "webmail" as const;

  constructor(private readonly transport: Transport) {}

  async list(m: MailboxRef): Promise<MailboxSharing> {
    const items = await listAllPages(this.transport, base(m), WebmailListItem);
    const sharing: MailboxSharing = {
      family: this.family,
      accesses: [],
      invitations: [],
      teams: [],
      unknownItems: [],
    };
    for (const item of items) {
      if (item.kind === "user_access") {
        const { user, ...flags } = item.value;
        sharing.accesses.push({ userId: user.id, email: user.email, permissions: complete(flags) });
      } else if (item.kind === "team_access") {
        const { team, ...flags } = item.value;
        sharing.teams.push({ teamId: team.id, name: team.name, permissions: complete(flags) });
      } else if (item.kind === "invitation") {
        sharing.invitations.push(entry(item.value));
      } else {
        sharing.unknownItems.push({ keys: item.keys });
      }
    }
    return sharing;
  }

  readonly grantsDirectly = true;

  async grant(m: MailboxRef, userId: number, permissions: PermissionSet): Promise<void> {
    await this.transport.call({
      method: "POST",
      path: base(m),
      body: WebmailGrantBody.parse({ user_id: userId, permissions: complete(permissions) }),
      response: Acknowledged,
      kind: "create",
    });
  }

  async update(m: MailboxRef, userId: number, permissions: PermissionSet): Promise<void> {
    await this.transport.call({
      method: "PATCH",
      path: apiPath`/1/mail_hostings/${m.mailHostingId}/mailboxes/${m.mailboxName}/accesses/webmail/users/${userId}`,
      body: WebmailPatchBody.parse({ permissions: complete(permissions) }),
      response: Acknowledged,
      kind: "idempotent",
    });
  }

  async revoke(m: MailboxRef, userId: number): Promise<void> {
    await this.transport.call({
      method: "DELETE",
      path: apiPath`/1/mail_hostings/${m.mailHostingId}/mailboxes/${m.mailboxName}/accesses/webmail/users/${userId}`,
      response: Acknowledged,
      kind: "idempotent",
    });
  }

  async createInvitation(m: MailboxRef, invitation: NewInvitation): Promise<InvitationEntry> {
    const answer = await this.transport.call({
      method: "POST",
      path: apiPath`/1/mail_hostings/${m.mailHostingId}/mailboxes/${m.mailboxName}/accesses/webmail/invitations`,
      body: WebmailCreateInvitationBody.parse({
        permissions: complete(invitation.permissions),
        ...(invitation.firstName ? { firstname: invitation.firstName } : {}),
        ...(invitation.lastName ? { lastname: invitation.lastName } : {}),
      }),
      response: WebmailInvitation,
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
      method: "POST",
      path: apiPath`/1/mail_hostings/${m.mailHostingId}/mailboxes/${m.mailboxName}/accesses/webmail/invitations/${key}/send`,
      body: WebmailSendBody.parse({ email, language }),
      response: Acknowledged,
      kind: "create",
    });
  }
}
