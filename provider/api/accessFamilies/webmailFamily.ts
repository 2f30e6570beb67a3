import type { z } from "zod";
import { listAllPages } from "../pagination";
import { WEBMAIL_PERMISSIONS } from "../../permissions";
import {
  Acknowledged,
  WebmailCreateInvitationBody,
  WebmailGrantBody,
  WebmailInvitation,
  WebmailListItem,
  WebmailPatchBody,
  WebmailSendBody,
} from "../schemas";
import type { Transport } from "../transport";
import { apiPath } from "../transport";
import type { DirectGrantFamily, MailboxRef, MailboxSharing, PermissionSet } from "./accessFamily";
import type { FamilyRoutes } from "./familyWrites";
import { FamilyWrites } from "./familyWrites";

function base(m: MailboxRef) {
  return apiPath`/1/mail_hostings/${m.mailHostingId}/mailboxes/${m.mailboxName}/accesses/webmail`;
}

const ROUTES: FamilyRoutes<z.infer<typeof WebmailInvitation>> = {
  names: WEBMAIL_PERMISSIONS,
  userPath: (m, userId) =>
    apiPath`/1/mail_hostings/${m.mailHostingId}/mailboxes/${m.mailboxName}/accesses/webmail/users/${userId}`,
  patchBody: WebmailPatchBody,
  createPath: (m) =>
    apiPath`/1/mail_hostings/${m.mailHostingId}/mailboxes/${m.mailboxName}/accesses/webmail/invitations`,
  createBody: (permissions, names) => WebmailCreateInvitationBody.parse({ permissions, ...names }),
  createdLink: WebmailInvitation,
  send: (m, key, email, language) => ({
    method: "POST",
    path: apiPath`/1/mail_hostings/${m.mailHostingId}/mailboxes/${m.mailboxName}/accesses/webmail/invitations/${key}/send`,
    body: WebmailSendBody.parse({ email, language }),
  }),
};

/** The new `accesses/webmail` family. */
export class WebmailFamily
  extends FamilyWrites<z.infer<typeof WebmailInvitation>>
  implements DirectGrantFamily
{
  readonly family = "webmail" as const;

  constructor(transport: Transport) {
    super(transport, ROUTES);
  }

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
        sharing.accesses.push({ userId: user.id, email: user.email, permissions: this.complete(flags) });
      } else if (item.kind === "team_access") {
        const { team, ...flags } = item.value;
        sharing.teams.push({ teamId: team.id, name: team.name, permissions: this.complete(flags) });
      } else if (item.kind === "invitation") {
        sharing.invitations.push(this.entry(item.value));
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
      body: WebmailGrantBody.parse({ user_id: userId, permissions: this.complete(permissions) }),
      response: Acknowledged,
      kind: "create",
    });
  }
}
