import type { AccessFamily, PermissionName, PermissionSet } from "../../permissions";
import type { InvitationLanguage } from "../schemas";

export type { PermissionSet };

export interface AccessEntry {
  userId: number;
  email: string;
  /** null: the listing did not show this person's rights (optional on the legacy family). */
  permissions: PermissionSet | null;
}

/** A team's access: shown, never changed by this provider (it declares people, not teams). */
export interface TeamEntry {
  teamId: number;
  name: string;
  permissions: PermissionSet;
}

/**
 * A mailbox invitation link not used yet: what `ExternalInvitation` manages, and how the legacy family
 * grants a member. (An invitation into the organisation is an `AccountInvitation`.)
 */
export interface PendingLink {
  key: string;
  shortUrl: string;
  /** Empty until the link was sent by e-mail. */
  sentTo: string;
  /** Seconds since the epoch. */
  expiresAt: number;
  permissions: PermissionSet;
}

/**
 * Who may open one mailbox: users with access, pending invitation links, teams, and items of a kind
 * this client does not know (their keys), kept so that they are shown and never taken for "nobody".
 */
export interface MailboxSharing {
  family: AccessFamily;
  accesses: AccessEntry[];
  invitations: PendingLink[];
  teams: TeamEntry[];
  unknownItems: { keys: string[] }[];
}

export interface MailboxRef {
  mailHostingId: number;
  mailboxName: string;
}

export interface NewLink {
  permissions: PermissionSet;
  firstName?: string | undefined;
  lastName?: string | undefined;
}

/**
 * One family of access endpoints. The two families differ in routes, payloads and permission names,
 * and in what they can do: the type says which (see `DirectGrantFamily`). Pending links are changed
 * and revoked through routes both families share (see PendingLinks). A permission outside `family`'s
 * vocabulary never reaches an adapter: resources refuse it in `check`.
 */
interface AccessFamilyRoutes {
  readonly family: AccessFamily;
  list(mailbox: MailboxRef): Promise<MailboxSharing>;
  update(mailbox: MailboxRef, userId: number, permissions: PermissionSet): Promise<void>;
  revoke(mailbox: MailboxRef, userId: number): Promise<void>;
  createLink(mailbox: MailboxRef, invitation: NewLink): Promise<PendingLink>;
  sendLink(mailbox: MailboxRef, key: string, email: string, language: InvitationLanguage): Promise<void>;
}

/** A family that gives a member access at once (the webmail family). */
export interface DirectGrantFamily extends AccessFamilyRoutes {
  readonly grantsDirectly: true;
  grant(mailbox: MailboxRef, userId: number, permissions: PermissionSet): Promise<void>;
}

/**
 * A family with no route to grant access (the legacy family): the member is sent an invitation bound
 * to their address instead (see MailboxAccessApi.grant).
 */
export interface LinkGrantFamily extends AccessFamilyRoutes {
  readonly grantsDirectly: false;
}

export type AccessFamilyAdapter = DirectGrantFamily | LinkGrantFamily;

/** Every name of a family's vocabulary, false unless set: what the API's write bodies require. */
export function completePermissions<N extends PermissionName>(
  names: readonly N[],
  permissions: PermissionSet,
): Record<N, boolean> {
  return Object.fromEntries(names.map((n) => [n, permissions[n] === true])) as Record<N, boolean>;
}

/** A pending link (a mailbox invitation) as either family lists it, in the family's permission vocabulary. */
export function pendingLink(
  names: readonly PermissionName[],
  raw: { key: string; short_url: string; sent_to: string; expired_at: number; permissions: PermissionSet },
): PendingLink {
  return {
    key: raw.key,
    shortUrl: raw.short_url,
    sentTo: raw.sent_to,
    expiresAt: raw.expired_at,
    permissions: completePermissions(names, raw.permissions),
  };
}

/** Whether two permission sets grant the same rights (a missing name is false; unknown rights never match). */
export function samePermissions(a: PermissionSet | null, b: PermissionSet | null): boolean {
  if (a === null || b === null) return false;
  const names = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<PermissionName>;
  return [...names].every((n) => (a[n] === true) === (b[n] === true));
}
