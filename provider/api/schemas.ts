import { z } from "zod";
import { INVITATION_MAILBOX_PERMISSIONS, LEGACY_PERMISSIONS, WEBMAIL_PERMISSIONS } from "../permissions";
import type { PermissionName } from "../permissions";

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

/** A value Infomaniak sent that this client does not know: kept as sent, to be shown, never acted on. */
const Unrecognised = z.string().brand<"Unrecognised">();

/** A person's standing in the organisation: a member, invited, or a standing this client does not know. */
export const StateInAccount = z.union([z.enum(["valid", "pending"]), Unrecognised]);

/** An item of `GET /2/accounts/{account}/users`: a member (`valid`) or an invited person (`pending`). */
export const AccountUser = z.object({
  user_id: z.number().int().nullable(),
  invitation_id: z.number().int().nullable(),
  email: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  role_type: z.union([Role, Unrecognised]),
  state_in_account: StateInAccount,
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

/**
 * An item of `GET /1/products`: an Infomaniak product of an account. A mail hosting is a product whose
 * `service_name` is `email_hosting`; its product id is the mail hosting id (SPEC_CHOICES.mailHostingProducts).
 */
export const Product = z.object({
  id: z.number().int(),
  account_id: z.number().int(),
  service_name: z.string(),
  customer_name: z.string().nullable().optional(),
});
export type Product = z.infer<typeof Product>;

export const MAIL_HOSTING_SERVICE = "email_hosting";

/**
 * A mailbox. Whether it may be shared by invitation: the spec subset puts `can_create_webmail_access`
 * at the top level, the full spec in `access_rights`; `is_used_for_account` is a string in the spec
 * and a boolean in other clients (SPEC_CHOICES.restrictedLoginIdentifier).
 */
export const Mailbox = z.object({
  mailbox_name: z.string(),
  /** The full address. */
  mailbox: z.string(),
  is_used_for_account: z.union([z.string(), z.boolean()]).nullable().optional(),
  can_create_webmail_access: z.boolean().optional(),
  access_rights: z.object({ can_create_webmail_access: z.boolean().optional() }).nullable().optional(),
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

/** What both families list of a pending link (a mailbox invitation). */
const LinkFields = {
  key: z.string().min(1),
  short_url: z.string(),
  sent_to: z.string(),
  expired_at: z.number().int(),
};

export const WebmailInvitation = z.object({ ...LinkFields, permissions: WebmailPermissions.partial() });
export type WebmailInvitation = z.infer<typeof WebmailInvitation>;

/** A team's access (SPEC_CHOICES.teamAccessItem: the item's key name is assumed). */
export const WebmailTeamAccess = WebmailPermissions.partial().extend({
  team: z.object({ id: z.number().int(), name: z.string().default("") }),
});

const WEBMAIL_ITEM_KINDS = {
  user_access: WebmailUserAccess,
  team_access: WebmailTeamAccess,
  invitation: WebmailInvitation,
} as const;

/**
 * An item of the webmail listing, read as a tolerant reader: a kind we know is validated (a malformed
 * one is an invalid answer, never skipped); a kind we do not know is kept with its keys, so that it is
 * shown and never read as "nobody else has access".
 */
export const WebmailListItem = z.record(z.string(), z.unknown()).transform((raw, ctx) => {
  const kind = (Object.keys(WEBMAIL_ITEM_KINDS) as (keyof typeof WEBMAIL_ITEM_KINDS)[]).find(
    (k) => raw[k] !== undefined,
  );
  if (kind === undefined) return { kind: "unknown" as const, keys: Object.keys(raw).sort() };
  const parsed = WEBMAIL_ITEM_KINDS[kind].safeParse(raw[kind]);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      ctx.addIssue({ code: "custom", message: issue.message, path: [kind, ...issue.path] });
    return z.NEVER;
  }
  // Typed per kind through the literal: each branch pairs a kind with its own parsed shape.
  return { kind, value: parsed.data } as
    | { kind: "user_access"; value: z.infer<typeof WebmailUserAccess> }
    | { kind: "team_access"; value: z.infer<typeof WebmailTeamAccess> }
    | { kind: "invitation"; value: z.infer<typeof WebmailInvitation> };
});

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

/** `permissions` is optional in the full spec: missing means "not shown", never "none". */
export const LegacyMailboxUser = z.object({
  id: z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]),
  email: z.string(),
  permissions: LegacyPermissions.partial().optional(),
});

export const LegacyInvitation = z.object({
  ...LinkFields,
  is_valid: z.boolean(),
  is_used: z.boolean(),
  permissions: LegacyPermissions.partial(),
});
export type LegacyInvitation = z.infer<typeof LegacyInvitation>;

/** `invitations` is optional in the full spec: missing means "not shown", never "none". */
export const LegacyUsersAndInvitations = z.object({
  users: z.array(LegacyMailboxUser),
  invitations: z.array(LegacyInvitation).optional(),
});

export const LegacyPatchBody = z.object({ permissions: LegacyPermissions });
/** A pending link's new rights; `force_email` false: the guest is not e-mailed again. */
export const LegacyPatchInvitationBody = LegacyPatchBody.extend({ force_email: z.boolean() });
export const LegacyCreateInvitationBody = z.object({
  permissions: LegacyPermissions,
  firstname: z.string().optional(),
  lastname: z.string().optional(),
  send_email: z.boolean(),
});
export const LegacySendBody = z.object({ key: z.string(), email: z.string(), language: InvitationLanguage });

/** Write endpoints answer `data: true`. */
export const Acknowledged = z.literal(true);
