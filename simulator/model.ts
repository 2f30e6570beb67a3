import { z } from "zod";
import { ALL_PERMISSIONS } from "../provider/api/permissionNames";
import type { PermissionName } from "../provider/api/permissionNames";

/**
 * The simulator's whole state. The same schema validates seed files, the persistence file and the
 * admin `seed` route, so a state can be saved, edited by hand and loaded again.
 */

const Id = z.number().int().positive();
const Email = z.email();

export const SCOPES = ["accounts", "mail"] as const;
export const Scope = z.enum(SCOPES);
export type Scope = z.infer<typeof Scope>;

export const Role = z.enum(["owner", "admin", "normal"]);
export type Role = z.infer<typeof Role>;

export const Locale = z.enum(["de_DE", "en_GB", "es_ES", "fr_FR", "it_IT"]);

/** Stored permissions: every name either family knows; the other family's names stay false. */
export const StoredPermissions = z.partialRecord(z.enum(ALL_PERMISSIONS), z.boolean());
export type StoredPermissions = Partial<Record<PermissionName, boolean>>;

export const InvitationStatus = z.enum(["pending", "accepted", "rejected", "cancelled"]);

export const State = z.object({
  /** Milliseconds added to the wall clock (the admin `clock` route moves it). */
  clockOffsetMs: z.number().int().default(0),
  nextId: Id.default(1000),
  tokens: z.array(z.object({ token: z.string().min(8), scopes: z.array(Scope), userId: Id })),
  /** Infomaniak user accounts: the people who sign in. */
  users: z.array(z.object({ id: Id, email: Email, firstName: z.string(), lastName: z.string() })),
  accounts: z.array(
    z.object({
      id: Id,
      name: z.string(),
      /** Which mailbox-access endpoints this account answers; the other family answers 501. */
      accessFamily: z.enum(["webmail", "legacy"]),
      locale: z.string().default("fr_FR"),
    }),
  ),
  memberships: z.array(z.object({ accountId: Id, userId: Id, role: Role })),
  accountInvitations: z
    .array(
      z.object({
        id: Id,
        accountId: Id,
        email: Email,
        firstName: z.string(),
        lastName: z.string(),
        locale: Locale,
        role: Role,
        status: InvitationStatus,
        createdAt: z.number().int(),
        updatedAt: z.number().int(),
        expiresAt: z.number().int(),
        userId: Id.nullable().default(null),
        mailboxes: z
          .array(z.object({ mailHostingId: Id, mailboxName: z.string(), permissions: StoredPermissions }))
          .default([]),
      }),
    )
    .default([]),
  mailHostings: z.array(z.object({ id: Id, accountId: Id, customerName: z.string(), domain: z.string() })),
  mailboxes: z.array(
    z.object({
      mailHostingId: Id,
      name: z.string(),
      createdAt: z.number().int().default(1_700_000_000),
      /** The address is a restricted login identifier: Infomaniak refuses to share it by invitation. */
      restrictedLoginIdentifier: z.boolean().default(false),
    }),
  ),
  accesses: z
    .array(
      z.object({
        id: Id,
        mailHostingId: Id,
        mailboxName: z.string(),
        userId: Id,
        permissions: StoredPermissions,
        createdAt: z.number().int(),
      }),
    )
    .default([]),
  /** External invitations to one mailbox (access links). */
  mailboxInvitations: z
    .array(
      z.object({
        key: z.string(),
        mailHostingId: Id,
        mailboxName: z.string(),
        permissions: StoredPermissions,
        firstName: z.string().default(""),
        lastName: z.string().default(""),
        sentTo: z.string().default(""),
        lastSentAt: z.number().int().nullable().default(null),
        status: InvitationStatus,
        createdAt: z.number().int(),
        expiresAt: z.number().int(),
        acceptedUserId: Id.nullable().default(null),
      }),
    )
    .default([]),
});

export type State = z.infer<typeof State>;
export type StateInput = z.input<typeof State>;
export type Account = State["accounts"][number];
export type User = State["users"][number];
export type MailHosting = State["mailHostings"][number];
export type Mailbox = State["mailboxes"][number];
export type Access = State["accesses"][number];
export type AccountInvitation = State["accountInvitations"][number];
export type MailboxInvitation = State["mailboxInvitations"][number];
