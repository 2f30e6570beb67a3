import { createHash } from "node:crypto";
import { z } from "zod";
import { LEGACY_PERMISSIONS, WEBMAIL_PERMISSIONS } from "./permissionNames";
import type { PermissionName } from "./permissionNames";
import type {
  Access,
  Account,
  AccountInvitation,
  MailHosting,
  Mailbox,
  MailboxInvitation,
  Role,
  State,
  StoredPermissions,
  Team,
  TeamAccess,
  User,
} from "./model";

/**
 * How the simulated API shows its objects: every field the OpenAPI subset marks as required, with
 * plausible values for those we do not model. Choices where the spec is ambiguous are in
 * SPEC_CHOICES (simulator/specChoices.ts).
 */

const LANGUAGE_IDS: Record<string, number> = { fr_FR: 1, en_GB: 2, de_DE: 3, it_IT: 4, es_ES: 5 };

/** SPEC_CHOICES.linkForms: the link a guest receives for a mailbox (`short_url`), followed by a token. */
export const SHORT_URL_BASE = "https://welcome.infomaniak.com/iw/";

/** SPEC_CHOICES.linkForms: an organisation invitation's `url_accept`, followed by a numeric token. */
export const ACCOUNT_INVITATION_URL_BASE = "https://welcome.infomaniak.com/invitation/account/";

function flag(permissions: StoredPermissions, name: PermissionName): boolean {
  return permissions[name] === true;
}

function pick<N extends PermissionName>(
  permissions: StoredPermissions,
  names: readonly N[],
): Record<N, boolean> {
  return Object.fromEntries(names.map((name) => [name, flag(permissions, name)])) as Record<N, boolean>;
}

export function account(a: Account, createdAt: number): Record<string, unknown> {
  return {
    id: a.id,
    name: a.name,
    legal_entity_type: "company",
    created_at: createdAt,
    locale: a.locale,
    language_id: LANGUAGE_IDS[a.locale] ?? 1,
    beta: false,
    support_level: 1,
    has_2fa_required: false,
    is_customer: true,
    is_sso: false,
    waiting_payment: 0,
    in_process: 0,
    blocked_order_id: [],
    timezone: "Europe/Zurich",
  };
}

export function userV2(u: User): Record<string, unknown> {
  return {
    id: u.id,
    display_name: `${u.firstName} ${u.lastName}`.trim(),
    first_name: u.firstName,
    last_name: u.lastName,
    email: u.email,
    avatar: `https://www.infomaniak.com/img/avatar/${u.id}.png`,
    is_sso: false,
  };
}

const accountUserCommon = {
  avatar: null,
  is_correspondent: false,
  is_correspondent_billing: false,
  is_workspace_only: false,
  has_no_manager_access: false,
  has_billing_access: false,
  is_sso: false,
  partnership_id: null,
};

/** An item of `GET /2/accounts/{account}/users`: a member. */
export function member(u: User, role: Role): Record<string, unknown> {
  return {
    ...accountUserCommon,
    user_id: u.id,
    invitation_id: null,
    first_name: u.firstName,
    last_name: u.lastName,
    display_name: `${u.firstName} ${u.lastName}`.trim(),
    email: u.email,
    role_type: role,
    state_in_account: "valid",
    language_id: 1,
    unique_key: `user-${u.id}`,
    last_login_at: 1_700_000_000,
  };
}

/** An item of `GET /2/accounts/{account}/users`: someone invited who has not accepted yet. */
export function pendingMember(i: AccountInvitation): Record<string, unknown> {
  return {
    ...accountUserCommon,
    user_id: null,
    invitation_id: i.id,
    first_name: i.firstName,
    last_name: i.lastName,
    display_name: `${i.firstName} ${i.lastName}`.trim(),
    email: i.email,
    role_type: i.role,
    state_in_account: "pending",
    language_id: LANGUAGE_IDS[i.locale] ?? 1,
    unique_key: `invitation-${i.id}`,
    last_login_at: 0,
  };
}

/**
 * The long numeric token of an organisation invitation's link. Derived from the id rather than stored,
 * so that every read of the invitation shows the same link.
 */
function acceptToken(i: AccountInvitation): string {
  const digest = createHash("sha256").update(`account-invitation-${i.id}`).digest("hex");
  return (10n ** 18n + (BigInt(`0x${digest}`) % (9n * 10n ** 18n))).toString();
}

export function accountInvitation(i: AccountInvitation): Record<string, unknown> {
  return {
    id: i.id,
    account_id: i.accountId,
    first_name: i.firstName,
    last_name: i.lastName,
    email: i.email,
    strict: false,
    status: i.status,
    role_type: i.role,
    language_id: LANGUAGE_IDS[i.locale] ?? 1,
    locale: i.locale,
    has_ksuite: false,
    has_billing: false,
    has_billing_mailing: false,
    has_mailing: false,
    permissions: [],
    service_permissions: [],
    sent_at: i.createdAt,
    created_at: i.createdAt,
    updated_at: i.updatedAt,
    expired_at: i.expiresAt,
    // The page's language is the invitation's locale: `fr_FR` gives `lang=fr`.
    url_accept: `${ACCOUNT_INVITATION_URL_BASE}${acceptToken(i)}?lang=${i.locale.slice(0, 2)}`,
  };
}

/**
 * What the token's user may do with a mailbox: the full spec groups these in `access_rights`, the
 * subset requires all but `can_create_webmail_access_for_login` at the top level. A restricted login
 * identifier cannot be shared (SPEC_CHOICES.restrictedLoginIdentifier).
 */
function mailboxAccessRights(m: Mailbox) {
  return {
    can_create_webmail_access: !m.restrictedLoginIdentifier,
    can_create_webmail_access_for_login: true,
    can_create_device: true,
    can_delete_device_legacy: true,
    can_regenerate_device_legacy: true,
    can_ask_reset_password: true,
    can_list_users: true,
  };
}

export function mailbox(h: MailHosting, m: Mailbox, state: State): Record<string, unknown> {
  const address = `${m.name}@${h.domain}`;
  const accesses = state.accesses.filter((a) => a.mailHostingId === h.id && a.mailboxName === m.name);
  const rights = mailboxAccessRights(m);
  const { can_create_webmail_access_for_login: _notAtTopLevel, ...topLevelRights } = rights;
  return {
    mailbox_name: m.name,
    mailbox: address,
    mailbox_idn: address,
    note: null,
    type: null,
    is_limited: false,
    is_free_mail: false,
    is_used_for_account: m.restrictedLoginIdentifier ? "login" : "",
    created_at: m.createdAt,
    users: [],
    private: {},
    has_technical_right: true,
    ...topLevelRights,
    access_rights: rights,
    can_access_logs: true,
    can_change_password: true,
    can_configure_mail_folders: true,
    can_manage_aliases: true,
    can_manage_auto_reply: true,
    can_manage_filters: true,
    can_manage_redirections: true,
    can_manage_rules: true,
    can_manage_security: true,
    can_manage_signatures: true,
    can_restore_emails: true,
    is_active: true,
    count_invitations: state.mailboxInvitations.filter(
      (i) => i.mailHostingId === h.id && i.mailboxName === m.name && i.status === "pending",
    ).length,
    count_devices: accesses.length,
  };
}

function permissionsBinary(permissions: StoredPermissions): number {
  return WEBMAIL_PERMISSIONS.reduce((bits, name, i) => (flag(permissions, name) ? bits | (1 << i) : bits), 0);
}

/** A `user_access` item of the webmail family's list. */
export function webmailUserAccess(h: MailHosting, a: Access, u: User): Record<string, unknown> {
  const address = `${a.mailboxName}@${h.domain}`;
  return {
    id: a.id,
    user: userV2(u),
    status: "healthy",
    last_used_at: null,
    is_primary: false,
    created_at: a.createdAt,
    access_rights: { can_delete: true, can_ask_reset_password: true },
    can_delete: true,
    can_ask_reset_password: true,
    permissions_binary: permissionsBinary(a.permissions),
    // SPEC_CHOICES.userAccessPermissions: the names of the granted permissions.
    permissions: WEBMAIL_PERMISSIONS.filter((name) => flag(a.permissions, name)),
    ...pick(a.permissions, WEBMAIL_PERMISSIONS),
    has_technical_right: true,
    has_valid_password: true,
    is_free: false,
    is_limited: false,
    ksuite_customer_name: "",
    mailbox_email: address,
    mailbox_id: a.id,
    mailbox_idn: address,
    mailbox_name: a.mailboxName,
    service_mail_id: h.id,
    type: "webmail",
  };
}

const webmailPermissionFlags = Object.fromEntries(
  WEBMAIL_PERMISSIONS.map((name) => [name, z.boolean()]),
) as Record<(typeof WEBMAIL_PERMISSIONS)[number], z.ZodBoolean>;

/**
 * The `team_access` of a webmail listing item. The spec subset has no such item, so its shape is
 * written here (SPEC_CHOICES.teamAccessItem); the contract test checks answers against it.
 */
export const TeamAccessItem = z.strictObject({
  id: z.number().int(),
  team: z.strictObject({
    id: z.number().int(),
    name: z.string(),
    color_id: z.number().int(),
    user_count: z.number().int(),
  }),
  permissions: z.array(z.enum(WEBMAIL_PERMISSIONS)),
  ...webmailPermissionFlags,
  created_at: z.number().int(),
});

/** A `team_access` item of the webmail family's list: the team's members may all open the mailbox. */
export function webmailTeamAccess(a: TeamAccess, team: Team): z.infer<typeof TeamAccessItem> {
  return {
    id: a.id,
    // The team's colour is not modelled: every team shows the first one.
    team: { id: team.id, name: team.name, color_id: 1, user_count: team.userIds.length },
    permissions: WEBMAIL_PERMISSIONS.filter((name) => flag(a.permissions, name)),
    ...pick(a.permissions, WEBMAIL_PERMISSIONS),
    created_at: a.createdAt,
  };
}

/** The link a guest receives, the same in both families (SPEC_CHOICES.linkForms). */
function shortUrl(i: MailboxInvitation): string {
  return `${SHORT_URL_BASE}${i.key.slice(0, 10)}`;
}

/** An `invitation` item of the webmail family (also the answer to creating an access link). */
export function webmailInvitation(i: MailboxInvitation): Record<string, unknown> {
  const permissions = pick(i.permissions, WEBMAIL_PERMISSIONS);
  return {
    key: i.key,
    short_url: shortUrl(i),
    sent_to: i.sentTo,
    expired_at: i.expiresAt,
    signature_template_id: "",
    permissions,
    ...permissions,
  };
}

/**
 * A user of the legacy family's `GET .../users`; without `permissions` when the seed says the listing
 * leaves them out (SPEC_CHOICES.legacyListingOptionalFields).
 */
export function legacyMailboxUser(a: Access, u: User, withPermissions: boolean): Record<string, unknown> {
  const user = {
    id: u.id,
    email: u.email,
    name: `${u.firstName} ${u.lastName}`.trim(),
    is_deleted: false,
    is_unified: true,
    avatar: `https://www.infomaniak.com/img/avatar/${u.id}.png`,
    has_double_auth: false,
    last_login_at: null,
    last_access_at: null,
  };
  // SPEC_CHOICES.legacyPermissions: the 11 names the schema requires, plus the legacy can_manage_chat.
  return withPermissions ? { ...user, permissions: legacyPermissions(a.permissions) } : user;
}

function legacyPermissions(permissions: StoredPermissions): Record<string, boolean> {
  return { ...pick(permissions, WEBMAIL_PERMISSIONS), ...pick(permissions, LEGACY_PERMISSIONS) };
}

/** An invitation of the legacy family (`GET .../invitations`, and the answer to creating one). */
export function legacyInvitation(h: MailHosting, i: MailboxInvitation, now: number): Record<string, unknown> {
  const address = `${i.mailboxName}@${h.domain}`;
  return {
    key: i.key,
    short_url: shortUrl(i),
    sent_to: i.sentTo,
    expired_at: i.expiresAt,
    is_valid: i.status === "pending" && i.expiresAt > now,
    is_used: i.status === "accepted",
    signature_template_id: "",
    permissions: legacyPermissions(i.permissions),
    mailbox_name: i.mailboxName,
    mailbox_idn: address,
    mailbox: { mailbox_name: i.mailboxName, mailbox: address, mailbox_idn: address },
  };
}
