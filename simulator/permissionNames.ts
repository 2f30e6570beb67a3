/**
 * The mailbox permission names as the OpenAPI subset (simulator/spec/) writes them, each list where the
 * spec writes it; never the client's own vocabulary, so that the simulator is an oracle of its own.
 * `tests/unit/simulatorIndependence.test.ts` checks every list against the spec.
 */

/** `POST .../accesses/webmail`: `requestBody.permissions.properties` (the `Permissiononmailbox` names). */
export const WEBMAIL_PERMISSIONS = [
  "can_access_logs",
  "can_change_password",
  "can_configure_mail_folders",
  "can_manage_aliases",
  "can_manage_auto_reply",
  "can_manage_filters",
  "can_manage_redirections",
  "can_manage_rules",
  "can_manage_security",
  "can_manage_signatures",
  "can_restore_emails",
] as const;

/** `PATCH /1/mail_hostings/{mail_hosting_id}/mailboxes/{mailbox_name}/users/{user_id}`: `requestBody.permissions.properties`. */
export const LEGACY_PERMISSIONS = [
  "can_change_password",
  "can_configure_mail_folders",
  "can_manage_aliases",
  "can_manage_auto_reply",
  "can_manage_chat",
  "can_manage_filters",
  "can_manage_redirections",
  "can_manage_security",
  "can_manage_signatures",
] as const;

/** `POST /1/accounts/{account}/invitations/{invitation}/mailbox/{mail_id}`: `requestBody.mailbox_permissions.required`. */
export const INVITATION_MAILBOX_PERMISSIONS = [
  "can_access_logs",
  "can_change_password",
  "can_configure_mail_folders",
  "can_manage_aliases",
  "can_manage_auto_reply",
  "can_manage_filters",
  "can_manage_redirections",
  "can_manage_security",
  "can_manage_signatures",
] as const;

export type PermissionName = (typeof WEBMAIL_PERMISSIONS)[number] | (typeof LEGACY_PERMISSIONS)[number];

/** Every name either family knows, sorted. */
export const ALL_PERMISSIONS = [...new Set([...WEBMAIL_PERMISSIONS, ...LEGACY_PERMISSIONS])].sort() as [
  PermissionName,
  ...PermissionName[],
];

export function permissionsOf(family: "webmail" | "legacy"): readonly PermissionName[] {
  return family === "webmail" ? WEBMAIL_PERMISSIONS : LEGACY_PERMISSIONS;
}
