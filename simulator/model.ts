import { z } from "zod";
import { ALL_PERMISSIONS } from "./permissionNames";
import type { PermissionName } from "./permissionNames";

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

/**
 * Where the live API was seen to differ from the spec subset (SPEC_CHOICES names each switch). The
 * defaults are what was observed; a test turns a switch to check that the client copes either way.
 */
const ApiBehaviour = z.object({
  /** SPEC_CHOICES.accountUsersUnpaginated: `GET /2/accounts/{account}/users` pages only when true. */
  usersPaginated: z.boolean().default(false),
  /** SPEC_CHOICES.legacyListingOptionalFields: what the legacy `GET .../users` leaves out. */
  legacyListingOmits: z.array(z.enum(["permissions", "invitations"])).default([]),
  /** One e-mail per invitation link per interval, on both families' send routes. */
  sendIntervalSeconds: z.number().int().nonnegative().default(60),
});

/**
 * Domain products (`GET /1/products`) take ids from here up, so that a mail hosting's id must stay
 * below it: a client that forgets the `service_name` filter then meets ids of no mail hosting.
 */
export const DOMAIN_PRODUCT_ID_BASE = 900_000;

export const State = z
  .object({
    /** Milliseconds added to the wall clock (the admin `clock` route moves it). */
    clockOffsetMs: z.number().int().default(0),
    nextId: Id.default(1000),
    // `prefault`: an absent object is parsed, so that each switch gets its own default.
    apiBehaviour: ApiBehaviour.prefault({}),
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
    mailHostings: z.array(
      z.object({
        id: Id.max(DOMAIN_PRODUCT_ID_BASE - 1, `mail hosting ids stay below ${DOMAIN_PRODUCT_ID_BASE}`),
        accountId: Id,
        customerName: z.string(),
        domain: z.string(),
        /**
         * The access family of this mail hosting, when Infomaniak's migration reached it apart from
         * the rest of its account (SPEC_CHOICES.familyPerHosting); by default the account's.
         */
        accessFamily: z.enum(["webmail", "legacy"]).optional(),
      }),
    ),
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
          /** E-mails sent for this link: tests check that each guest gets one. */
          sendCount: z.number().int().default(0),
          status: InvitationStatus,
          createdAt: z.number().int(),
          expiresAt: z.number().int(),
          acceptedUserId: Id.nullable().default(null),
        }),
      )
      .default([]),
    /** Teams of an account (the Manager's groups of users). */
    teams: z.array(z.object({ id: Id, accountId: Id, name: z.string(), userIds: z.array(Id) })).default([]),
    /** A team's access to a mailbox: every member of the team may open it. */
    teamAccesses: z
      .array(
        z.object({
          id: Id,
          teamId: Id,
          mailHostingId: Id,
          mailboxName: z.string(),
          permissions: StoredPermissions,
          createdAt: z.number().int(),
        }),
      )
      .default([]),
  })
  .superRefine((state, ctx) => {
    state.teamAccesses.forEach((access, i) => {
      const problem = teamAccessProblem(state, access);
      if (problem) ctx.addIssue({ code: "custom", message: problem, path: ["teamAccesses", i] });
    });
  });

/** A team shares mailboxes of its own account only: a seed that says otherwise describes no real state. */
function teamAccessProblem(
  state: { teams: { id: number; accountId: number }[]; mailHostings: { id: number; accountId: number }[] },
  access: { teamId: number; mailHostingId: number },
): string | undefined {
  const team = state.teams.find((t) => t.id === access.teamId);
  if (!team) return `no team ${access.teamId}`;
  const hosting = state.mailHostings.find((h) => h.id === access.mailHostingId);
  if (!hosting) return `no mail hosting ${access.mailHostingId}`;
  if (hosting.accountId === team.accountId) return undefined;
  return `team ${team.id} is in account ${team.accountId}, mail hosting ${hosting.id} in account ${hosting.accountId}`;
}

export type State = z.infer<typeof State>;
export type StateInput = z.input<typeof State>;
export type Account = State["accounts"][number];
export type User = State["users"][number];
export type MailHosting = State["mailHostings"][number];
export type Mailbox = State["mailboxes"][number];
export type Access = State["accesses"][number];
export type AccountInvitation = State["accountInvitations"][number];
export type MailboxInvitation = State["mailboxInvitations"][number];
export type Team = State["teams"][number];
export type TeamAccess = State["teamAccesses"][number];
