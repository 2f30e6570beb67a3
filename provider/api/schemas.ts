import { z } from "zod";
import { INVITATION_MAILBOX_PERMISSIONS, LEGACY_PERMISSIONS, WEBMAIL_PERMISSIONS } from "./permissionNames";
import type { PermissionName } from "./permissionNames";

/**
 * Zod schemas for every payload the client sends or reads: the single source of the shapes (types are
 * derived from them). Responses keep only the fields we use; unknown fields are allowed, as the API
 * adds fields over time. Choices where the spec is ambiguous are in simulator/specChoices.ts.
 */

// ---- Envelope ----

export const ErrorEnvelope = z.object({
  result: z.literal("error"),
  error: z.object({
    code: z.string(),
    description: z.string().default(""),
    errors: z
      .array(
        z.object({
          code: z.string().default(""),
          description: z.string().default(""),
          context: z
            .object({ attribute: z.string().default("") })
            .partial()
            .default({}),
        }),
      )
      .default([]),
  }),
});

export const SuccessEnvelope = z.object({
  result: z.enum(["success", "asynchronous"]),
  data: z.unknown(),
  total: z.number().int().nonnegative().optional(),
  page: z.number().int().positive().optional(),
  pages: z.number().int().nonnegative().optional(),
  items_per_page: z.number().int().positive().optional(),
});

// ---- Permissions ----

function booleans<N extends PermissionName>(names: readonly N[]) {
  return z.object(Object.fromEntries(names.map((n) => [n, z.boolean()])) as Record<N, z.ZodBoolean>);
}

export const WebmailPermissions = booleans(WEBMAIL_PERMISSIONS);
export type WebmailPermissions = z.infer<typeof WebmailPermissions>;
export const LegacyPermissions = booleans(LEGACY_PERMISSIONS);
export type LegacyPermissions = z.infer<typeof LegacyPermissions>;

// ---- Organisation ----

export const Account = z.object({ id: z.number().int(), name: z.string(), locale: z.string() });
export type Account = z.infer<typeof Account>;

export const Role = z.enum(["owner", "admin", "normal"]);
export type Role = z.infer<typeof Role>;

export const AccountLocale = z.enum(["de_DE", "en_GB", "es_ES", "fr_FR", "it_IT"]);
export type AccountLocale = z.infer<typeof AccountLocale>;

/** An item of `GET /2/accounts/{account}/users`: a member (`valid`) or an invited person (`pending`). */
export const AccountUser = z.object({
  user_id: z.number().int().nullable(),
  invitation_id: z.number().int().nullable(),
  email: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  role_type: z.string(),
  state_in_account: z.string(),
});
export type AccountUser = z.infer<typeof AccountUser>;

export const AccountInvitation = z.object({
  id: z.number().int(),
  account_id: z.number().int(),
  email: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  status: z.enum(["pending", "accepted", "rejected", "cancelled"]),
  role_type: Role,
  locale: z.string(),
  expired_at: z.number().int().nullable(),
  url_accept: z.string(),
});
export type AccountInvitation = z.infer<typeof AccountInvitation>;

export const CreateAccountInvitationBody = z.object({
  email: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  locale: AccountLocale,
  role_type: Role,
});
export type CreateAccountInvitationBody = z.infer<typeof CreateAccountInvitationBody>;

export const PatchAccountInvitationBody = z.object({ role_type: Role });

/** A mailbox attached to a pending invitation: shared with these rights once the person accepts. */
export const AttachMailboxBody = z.object({
  mailbox_name: z.string(),
  mailbox_permissions: booleans(INVITATION_MAILBOX_PERMISSIONS),
});
export type AttachMailboxBody = z.infer<typeof AttachMailboxBody>;

// ---- Mail hostings and mailboxes ----

export const MailHosting = z.object({
  id: z.number().int(),
  account_id: z.number().int(),
  customer_name: z.string(),
});
export type MailHosting = z.infer<typeof MailHosting>;

export const Mailbox = z.object({
  mailbox_name: z.string(),
  /** The full address. */
  mailbox: z.string(),
});
export type Mailbox = z.infer<typeof Mailbox>;

// ---- The webmail access family ----

export const UserV2 = z.object({
  id: z.number().int(),
  email: z.string(),
  first_name: z.string(),
  last_name: z.string(),
});

/** The spec requires each permission as a top-level boolean; `permissions` itself is ambiguous, so unused. */
export const WebmailUserAccess = WebmailPermissions.extend({ user: UserV2 });

export const WebmailInvitation = z.object({
  key: z.string().min(1),
  short_url: z.string(),
  sent_to: z.string(),
  expired_at: z.number().int(),
  permissions: WebmailPermissions.partial(),
});
export type WebmailInvitation = z.infer<typeof WebmailInvitation>;

export const WebmailListItem = z.union([
  z.object({ user_access: WebmailUserAccess }),
  z.object({ invitation: WebmailInvitation }),
]);

export const WebmailGrantBody = z.object({ user_id: z.number().int(), permissions: WebmailPermissions });
export const WebmailPatchBody = z.object({ permissions: WebmailPermissions });
export const WebmailCreateInvitationBody = z.object({
  permissions: WebmailPermissions,
  firstname: z.string().optional(),
  lastname: z.string().optional(),
});
export const InvitationLanguage = z.enum(["de", "en", "es", "fr", "it"]);
export type InvitationLanguage = z.infer<typeof InvitationLanguage>;
export const WebmailSendBody = z.object({ email: z.string(), language: InvitationLanguage });

// ---- The legacy access family ----

export const LegacyMailboxUser = z.object({
  id: z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]),
  email: z.string(),
  permissions: LegacyPermissions.partial(),
});

export const LegacyInvitation = z.object({
  key: z.string().min(1),
  short_url: z.string(),
  sent_to: z.string(),
  expired_at: z.number().int(),
  is_valid: z.boolean(),
  is_used: z.boolean(),
  permissions: LegacyPermissions.partial(),
});
export type LegacyInvitation = z.infer<typeof LegacyInvitation>;

export const LegacyUsersAndInvitations = z.object({
  users: z.array(LegacyMailboxUser),
  invitations: z.array(LegacyInvitation).default([]),
});

export const LegacyPatchBody = z.object({ permissions: LegacyPermissions });
export const LegacyCreateInvitationBody = z.object({
  permissions: LegacyPermissions,
  firstname: z.string().optional(),
  lastname: z.string().optional(),
  send_email: z.boolean(),
});
export const LegacySendBody = z.object({ key: z.string(), email: z.string(), language: InvitationLanguage });

/** Write endpoints answer `data: true`. */
export const Acknowledged = z.literal(true);
