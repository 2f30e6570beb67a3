/**
 * The mailbox permission vocabularies of the Infomaniak API. Having access to a mailbox already means
 * reading and sending its mail; these booleans add management rights on top.
 */

/** The new `accesses/webmail` family (11 booleans). */
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

/** The legacy `users` / `invitations` family (9 booleans, among them `can_manage_chat`). */
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

/**
 * What a pending organisation invitation can carry for a mailbox (9 booleans, whatever the account's
 * family): the mailbox is shared with these rights once the person accepts.
 */
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

/** Every name either family knows. */
export const ALL_PERMISSIONS = [
  ...new Set([...WEBMAIL_PERMISSIONS, ...LEGACY_PERMISSIONS]),
].sort() as PermissionName[];

export type WebmailPermissionName = (typeof WEBMAIL_PERMISSIONS)[number];
export type LegacyPermissionName = (typeof LEGACY_PERMISSIONS)[number];
export type PermissionName = WebmailPermissionName | LegacyPermissionName;

export type AccessFamily = "webmail" | "legacy";

export function permissionsOf(family: AccessFamily): readonly PermissionName[] {
  return family === "webmail" ? WEBMAIL_PERMISSIONS : LEGACY_PERMISSIONS;
}
