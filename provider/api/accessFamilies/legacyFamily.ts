import { z } from "zod";
import { LEGACY_PERMISSIONS } from "../../permissions";
import {
  LegacyCreateInvitationBody,
  LegacyInvitation,
  LegacyPatchBody,
  LegacySendBody,
  LegacyUsersAndInvitations,
} from "../schemas";
import type { Transport } from "../transport";
import { apiPath } from "../transport";
import type { LinkGrantFamily, MailboxRef, MailboxSharing } from "./accessFamily";
import type { FamilyRoutes } from "./familyWrites";
import { FamilyWrites } from "./familyWrites";

const ROUTES: FamilyRoutes<z.infer<typeof LegacyInvitation>> = {
  names: LEGACY_PERMISSIONS,
  userPath: (m, userId) =>
    apiPath`/1/mail_hostings/${m.mailHostingId}/mailboxes/${m.mailboxName}/users/${userId}`,
  patchBody: LegacyPatchBody,
  createPath: (m) => apiPath`/1/mail_hostings/${m.mailHostingId}/mailboxes/${m.mailboxName}/auth/invitations`,
  // The link is e-mailed by `send`, to the address the resource declares.
  createBody: (permissions, names) =>
    LegacyCreateInvitationBody.parse({ permissions, send_email: false, ...names }),
  createdLink: LegacyInvitation,
  send: (m, key, email, language) => ({
    method: "PUT",
    path: apiPath`/1/mail_hostings/${m.mailHostingId}/mailboxes/${m.mailboxName}/auth/invitations/send`,
    body: LegacySendBody.parse({ key, email, language }),
  }),
};

/** The legacy `users` / `invitations` / `auth/invitations` family. */
export class LegacyFamily extends FamilyWrites<z.infer<typeof LegacyInvitation>> implements LinkGrantFamily {
  readonly family = "legacy" as const;

  constructor(transport: Transport) {
    super(transport, ROUTES);
  }

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
        permissions: u.permissions === undefined ? null : this.complete(u.permissions),
      })),
      invitations: invitations.filter((i) => !i.is_used).map((i) => this.entry(i)),
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
}
