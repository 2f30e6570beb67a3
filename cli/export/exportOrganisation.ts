import type { MailboxSharing, PermissionSet } from "../../provider/api/accessFamilies/accessFamily";
import { samePermissions } from "../../provider/api/accessFamilies/accessFamily";
import type { InfomaniakClient } from "../../provider/api/client";
import type { AccessFamily, PermissionPreset } from "../../provider/permissions";
import type { AccountUser } from "../../provider/api/schemas";
import { Role } from "../../provider/api/schemas";
import { addDays } from "../../provider/fields/review";
import { isLive } from "../../provider/links";
import { mailboxKey, MailboxInput } from "../../provider/fields/addresses";
import { expandPermissions, PRESET_NAMES } from "../../provider/permissions";
import type { MailboxSpec, MailHostingSpec, OrganisationSpec } from "../../sdk/organisationSpec/schema";
import { GrantSpec, InvitationSpec, MemberSpec } from "../../sdk/organisationSpec/schema";
import { emailKey, sameEmail } from "../../provider/people";
import type { z } from "zod";
import type { LeftOut } from "./leftOut";

export interface ExportOptions {
  accountId: number;
  /** One mail hosting; left out: every mail hosting of the organisation. */
  mailHostingId?: number;
  /** The spec's organisation name (resource name prefix). */
  name: string;
  /** YYYY-MM-DD: written into each entry's review fields. */
  today: string;
  /** Days from today to each entry's `reviewAfter`. */
  reviewInDays?: number;
  progress?: (text: string) => void;
}

export interface ExportResult {
  spec: OrganisationSpec;
  /** What exists but cannot be declared (and so was left out), each with why. */
  skipped: string[];
  /**
   * What the spec's schema cannot hold (a mailbox name, an address it does not allow), left out so
   * that the rest is exported: the command says so and exits with LEFT_OUT_EXIT_CODE.
   */
  leftOut: LeftOut[];
  /**
   * Each exported mailbox's access family, by `mailboxKey(hosting, name)`: a merge compares rights
   * through it (a preset means other booleans on each family).
   */
  families: Record<string, AccessFamily>;
}

export class ExportError extends Error {
  override readonly name = "ExportError";
  readonly code = "export_refused";
}

/** A preset that expands to exactly these rights, else the rights themselves (only those granted). */
function rightsOf(
  family: AccessFamily,
  permissions: PermissionSet,
): Pick<GrantSpec, "preset" | "permissions"> {
  const preset = PRESET_NAMES.find((p: PermissionPreset) =>
    samePermissions(expandPermissions(family, p, {}), permissions),
  );
  if (preset) return { preset };
  const granted = Object.fromEntries(Object.entries(permissions).filter(([, on]) => on === true));
  return { permissions: granted };
}

/** Members and people invited into the organisation, each adopted as they are. */
function membersOf(users: readonly AccountUser[]): MemberSpec[] {
  return users
    .filter((u) => u.state_in_account === "valid" || u.state_in_account === "pending")
    .map((u) => {
      const local = u.email.split("@")[0] ?? u.email;
      return {
        email: u.email,
        firstName: u.first_name.trim() || local,
        lastName: u.last_name.trim() || local,
        role: Role.catch("normal").parse(u.role_type),
        adopt: true,
      };
    });
}

/**
 * One mailbox's spec from its listing: members' accesses as grants, other people's as invitations,
 * live links as invitations (or, on the legacy family, a member's pending grant); what a spec cannot
 * declare is said in `skipped`.
 */
function mailboxSpecOf(
  mailbox: { address: string; name: string },
  sharing: MailboxSharing,
  memberEmails: ReadonlySet<string>,
  review: Pick<GrantSpec, "reason" | "owner" | "reviewAfter">,
): { spec: MailboxSpec; skipped: string[] } {
  const skipped: string[] = [];
  const grants: GrantSpec[] = [];
  const invitations: InvitationSpec[] = [];
  const isMember = (email: string) => memberEmails.has(emailKey(email));
  for (const access of sharing.accesses) {
    if (access.permissions === null) {
      skipped.push(
        `${mailbox.address}: Infomaniak's listing did not show the rights of ${access.email}, so they cannot be declared: add the grant by hand`,
      );
      continue;
    }
    const rights = rightsOf(sharing.family, access.permissions);
    if (isMember(access.email)) grants.push({ member: access.email, ...rights, adopt: true, ...review });
    else invitations.push({ email: access.email, ...rights, adopt: true, ...review });
  }
  const declared = (email: string) =>
    [...grants.map((g) => g.member), ...invitations.map((x) => x.email)].some((e) => sameEmail(e, email));
  for (const link of sharing.invitations.filter((l) => isLive(l.expiresAt))) {
    const rights = rightsOf(sharing.family, link.permissions);
    if (link.sentTo !== "" && declared(link.sentTo))
      skipped.push(
        `${mailbox.address}: ${link.sentTo} has access and a pending link too: only the access is declared`,
      );
    else if (link.sentTo === "")
      skipped.push(
        `${mailbox.address}: link ${link.key} was never sent to anyone, so no address can declare it`,
      );
    else if (!isMember(link.sentTo))
      invitations.push({ email: link.sentTo, ...rights, adopt: true, ...review });
    // The legacy family grants a member by a link bound to their address: pending until accepted.
    else if (sharing.family === "legacy")
      grants.push({ member: link.sentTo, ...rights, adopt: true, ...review });
    else
      skipped.push(
        `${mailbox.address}: a pending link sent to member ${link.sentTo}: grant them access instead, or revoke the link`,
      );
  }
  for (const team of sharing.teams)
    skipped.push(
      `${mailbox.address}: team ${team.teamId}${team.name ? ` (${team.name})` : ""} has access; specs declare people, not teams: left as it is`,
    );
  for (const item of sharing.unknownItems)
    skipped.push(
      `${mailbox.address}: an access of a kind this tool does not know (${item.keys.join(", ")}): left as it is`,
    );
  return { spec: { name: mailbox.name, mode: "additive", grants, invitations }, skipped };
}

/** The schema's first reason to refuse `value`, else undefined. */
function refusal(schema: z.ZodType, value: unknown): string | undefined {
  const result = schema.safeParse(value);
  return result.success ? undefined : (result.error.issues[0]?.message ?? "refused by the spec's schema");
}

/**
 * A mailbox's spec without the grants and invitations the spec's schema cannot hold (or whose member
 * was left out of `members`).
 */
function representable(
  spec: MailboxSpec,
  where: string,
  members: ReadonlySet<string>,
): { spec: MailboxSpec; leftOut: LeftOut[] } {
  const leftOut: LeftOut[] = [];
  const keep = (what: string, why: string | undefined) => {
    if (why !== undefined) leftOut.push({ where: `${where}, ${what}`, why });
    return why === undefined;
  };
  const grants = spec.grants.filter((g) =>
    keep(
      `the grant of ${g.member}`,
      refusal(GrantSpec, g) ??
        (members.has(emailKey(g.member)) ? undefined : "their member entry was left out"),
    ),
  );
  const invitations = spec.invitations.filter((x) =>
    keep(`the invitation of ${x.email}`, refusal(InvitationSpec, x)),
  );
  return { spec: { ...spec, grants, invitations }, leftOut };
}

/** One mail hosting's mailboxes as specs, reading each mailbox's sharing. */
async function hostingMailboxes(
  client: InfomaniakClient,
  mailHostingId: number,
  people: { listed: ReadonlySet<string>; kept: ReadonlySet<string> },
  review: Pick<GrantSpec, "reason" | "owner" | "reviewAfter">,
  progress: (text: string) => void,
): Promise<HostingExport> {
  const listed = await client.mailHostings.mailboxes(mailHostingId);
  const mailboxes: MailboxSpec[] = [];
  const skipped: string[] = [];
  const leftOut: LeftOut[] = [];
  const families: Record<string, AccessFamily> = {};
  for (const [i, mailbox] of listed.entries()) {
    progress(`Mail hosting ${mailHostingId}, mailbox ${i + 1}/${listed.length}: ${mailbox.mailbox}`);
    const where = `mail hosting ${mailHostingId}, mailbox ${mailbox.mailbox}`;
    // A name no spec can hold is left out before its sharing is read (`..` could not even be a path).
    const refused = refusal(MailboxInput, mailbox.mailbox_name);
    if (refused !== undefined) {
      leftOut.push({ where, why: `${refused}; none of its sharing is exported` });
      continue;
    }
    const sharing = await client.mailboxAccesses.sharing({
      mailHostingId,
      mailboxName: mailbox.mailbox_name,
    });
    const one = mailboxSpecOf(
      { address: mailbox.mailbox, name: mailbox.mailbox_name },
      sharing,
      people.listed,
      review,
    );
    const kept = representable(one.spec, where, people.kept);
    leftOut.push(...kept.leftOut);
    mailboxes.push(kept.spec);
    skipped.push(...one.skipped);
    families[mailboxKey(mailHostingId, mailbox.mailbox_name)] = sharing.family;
  }
  return { mailboxes, skipped, leftOut, families };
}

interface HostingExport {
  mailboxes: MailboxSpec[];
  skipped: string[];
  leftOut: LeftOut[];
  families: Record<string, AccessFamily>;
}

/** The hostings to read: the one asked for (refused when not the organisation's), else all of them. */
async function hostingsToExport(client: InfomaniakClient, options: ExportOptions): Promise<number[]> {
  const { accountId, mailHostingId } = options;
  const ids = (await client.mailHostings.list(accountId)).map((h) => h.id).sort((a, b) => a - b);
  if (mailHostingId === undefined) return ids;
  if (!ids.includes(mailHostingId))
    throw new ExportError(
      `mail hosting ${mailHostingId} is not in organisation ${accountId}: use one of ${ids.join(", ") || "none"}`,
    );
  return [mailHostingId];
}

/**
 * Reads an organisation's members and the sharing of one mail hosting (or all of them) and writes the
 * spec that declares exactly what it holds, every entry with `adopt: true`, so that bringing it under
 * management changes nothing. The lowest hosting id is the spec's first hosting (`mailboxes`).
 */
export async function exportOrganisation(
  client: InfomaniakClient,
  options: ExportOptions,
): Promise<ExportResult> {
  const { accountId } = options;
  const progress = options.progress ?? (() => undefined);
  // A wrong id is said with the organisations the token sees, not as the API's "Account not found".
  await client.organisation.accountsAmong([accountId]);
  const [first, ...others] = await hostingsToExport(client, options);
  if (first === undefined) throw new ExportError(`organisation ${accountId} has no mail hosting to export`);
  const review = {
    reason: `Exported on ${options.today}: replace with why this access is needed`,
    owner: "unassigned",
    reviewAfter: addDays(options.today, options.reviewInDays ?? 90),
  };
  progress(`Reading the members of organisation ${accountId}…`);
  const listed = membersOf(await client.organisation.users(accountId));
  const leftOut: LeftOut[] = [];
  const members = listed.filter((m) => {
    const why = refusal(MemberSpec, m);
    if (why !== undefined) leftOut.push({ where: `organisation ${accountId}, member ${m.email}`, why });
    return why === undefined;
  });
  const people = {
    listed: new Set(listed.map((m) => emailKey(m.email))),
    kept: new Set(members.map((m) => emailKey(m.email))),
  };
  const read = (id: number) => hostingMailboxes(client, id, people, review, progress);
  const main = await read(first);
  const skipped = [...main.skipped];
  leftOut.push(...main.leftOut);
  const families = { ...main.families };
  const mailHostings: MailHostingSpec[] = [];
  for (const mailHostingId of others) {
    const more = await read(mailHostingId);
    mailHostings.push({ mailHostingId, mailboxes: more.mailboxes });
    skipped.push(...more.skipped);
    leftOut.push(...more.leftOut);
    Object.assign(families, more.families);
  }
  return {
    spec: {
      organisation: { name: options.name, accountId, mailHostingId: first },
      members,
      mailboxes: main.mailboxes,
      mailHostings,
    },
    skipped,
    leftOut,
    families,
  };
}
