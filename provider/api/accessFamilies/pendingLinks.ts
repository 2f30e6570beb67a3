import { LEGACY_PERMISSIONS } from "../../permissions";
import type { PermissionName } from "../../permissions";
import { Acknowledged, LegacyPatchInvitationBody } from "../schemas";
import type { Transport } from "../transport";
import { apiPath } from "../transport";
import type { MailboxRef, PermissionSet } from "./accessFamily";
import { completePermissions } from "./accessFamily";

function path(m: MailboxRef, key: string) {
  return apiPath`/1/mail_hostings/${m.mailHostingId}/mailboxes/${m.mailboxName}/invitations/${key}`;
}

/**
 * A pending invitation link, changed or revoked in place. The `invitations/{key}` routes serve both
 * families: the full spec marks them neither deprecated nor 501, and no webmail route does either
 * job (SPEC_CHOICES.pendingLinkRoutes).
 */
export class PendingLinks {
  constructor(private readonly transport: Transport) {}

  /** Sets the link's rights without e-mailing the guest again (`force_email: false`). */
  async update(m: MailboxRef, key: string, permissions: PermissionSet): Promise<void> {
    await this.transport.call({
      method: "PATCH",
      path: path(m, key),
      body: LegacyPatchInvitationBody.parse({
        permissions: completePermissions(LEGACY_PERMISSIONS, permissions),
        force_email: false,
      }),
      response: Acknowledged,
      kind: "idempotent",
    });
  }

  async revoke(m: MailboxRef, key: string): Promise<void> {
    await this.transport.call({
      method: "DELETE",
      path: path(m, key),
      response: Acknowledged,
      kind: "idempotent",
    });
  }
}

/**
 * Whether a pending link can go from one set of rights to the other in place: its PATCH carries the
 * legacy vocabulary only, so a change of a webmail-only right (rules, restore, logs) needs a new link.
 */
export function changeableInPlace(from: PermissionSet, to: PermissionSet): boolean {
  const legacy = new Set<PermissionName>(LEGACY_PERMISSIONS);
  const names = new Set([...Object.keys(from), ...Object.keys(to)]) as Set<PermissionName>;
  return [...names].every((n) => legacy.has(n) || (from[n] === true) === (to[n] === true));
}
