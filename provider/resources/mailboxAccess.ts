import { z } from "zod";
import type { MailboxSharing, PermissionSet } from "../api/accessFamilies/accessFamily";
import { samePermissions } from "../api/accessFamilies/accessFamily";
import { InfomaniakApiError } from "../api/errors";
import { apiClient } from "../runtime";
import type { ResourceImplementation } from "../resourceImplementation";
import {
  AccountId,
  EmailInput,
  MailHostingId,
  failure,
  MailboxInput,
  PermissionsInput,
  PresetInput,
  ReviewInput,
  isUnknown,
  parseDeclaration,
  reviewChanged,
  withoutProvider,
} from "./inputs";
import type { CheckFailure } from "./inputs";
import { Existing, existingOnAdoption, heldBy, isFirstCheck } from "./adoption";
import type { MailboxTarget } from "./mailboxTarget";
import {
  RESTRICTED_LOGIN_CODE,
  isFailure,
  resolveMailboxTarget,
  restrictedLoginMessage,
} from "./mailboxTarget";
import { rightsShown } from "./rightsShown";
import type { Grantee, Member } from "./members";
import { findGrantee } from "./members";
import { familyPermissions } from "./permissionInputs";
import { settledSharing } from "./readConsistency";
import { ResourceError } from "./resourceError";
import type { Wording } from "./wording";
import { DeclaredIn, wordingFor } from "./wording";

/** What the program declares. */
const Declared = z
  .strictObject(
    {
      mailHostingId: MailHostingId,
      mailbox: MailboxInput,
      /** The organisation the mail hosting is expected in: checked first, in preview. */
      accountId: AccountId.optional(),
      userId: z.number().int().positive({ error: "userId must be a positive whole number" }).optional(),
      userEmail: EmailInput.optional(),
      preset: PresetInput.optional(),
      permissions: PermissionsInput.optional(),
      adopt: z.boolean({ error: "adopt is true or false" }).optional(),
      review: ReviewInput.optional(),
      carryOnInvitation: z
        .boolean({ error: "carryOnInvitation is true (attach to their pending invitation) or false" })
        .optional(),
      declaredIn: DeclaredIn.optional(),
    },
    {
      error: (issue) =>
        issue.code === "unrecognized_keys" ? `unknown input: ${issue.keys.join(", ")}` : undefined,
    },
  )
  .refine((d) => (d.userId === undefined) !== (d.userEmail === undefined), {
    error: "give exactly one of userId (the member's Infomaniak user id) or userEmail (their address)",
    path: ["userId"],
  })
  .refine((d) => !d.carryOnInvitation || d.userEmail !== undefined, {
    error: "carryOnInvitation needs userEmail: someone invited has no user id yet",
    path: ["carryOnInvitation"],
  });

/**
 * What `check` hands on: the mailbox by name and address (so that the permission report names it the
 * same before and after creation), its organisation, the user by id (null until someone invited has
 * joined), every permission of the family explicit.
 */
const Checked = z.object({
  mailHostingId: z.number(),
  mailbox: z.string(),
  accountId: z.number(),
  address: z.string(),
  userId: z.number().nullable(),
  userEmail: z.string().optional(),
  preset: PresetInput.optional(),
  permissions: z.record(z.string(), z.boolean()),
  adopt: z.boolean().optional(),
  review: ReviewInput.optional(),
  existing: Existing.optional(),
  carryOnInvitation: z.boolean().optional(),
  declaredIn: DeclaredIn.optional(),
});
type Checked = z.infer<typeof Checked>;

/** The state: the checked inputs and what the API says. */
const State = Checked.extend({
  family: z.enum(["webmail", "legacy"]),
  /**
   * `pending` on the legacy family: the member was sent an invitation and has not accepted it yet.
   * `invited`: the grant rides on the person's invitation into the organisation, until they join.
   */
  status: z.enum(["active", "pending", "invited"]),
  invitationKey: z.string().nullable(),
  /** The organisation invitation that carries the grant while `invited`. */
  organisationInvitationId: z.number().nullable().default(null),
  /** When this stack last changed the access (ms since the epoch): see settledSharing. */
  lastWriteAt: z.number().default(0),
});
type State = z.infer<typeof State>;

const ID = /^(\d+)\/([^/]+)\/(\d+)$/;

/** How the legacy family gives a member access: what a restricted login identifier refuses. */
const GRANT_BY_LINK = "the invitation this mail hosting sends to give a member access";

function idOf(c: { mailHostingId: number; mailbox: string; userId: number }): string {
  return `${c.mailHostingId}/${c.mailbox}/${c.userId}`;
}

interface Resolved {
  target: MailboxTarget;
  grantee: Grantee;
  permissions: PermissionSet;
}

/** Everything `check` verifies against the live organisation; failures name the input and the fix. */
async function resolve(declared: z.infer<typeof Declared>): Promise<Resolved | CheckFailure[]> {
  const client = apiClient();
  const target = await resolveMailboxTarget(client, declared);
  if (isFailure(target)) return [target];
  const grantee = await findGrantee(client, target.accountId, declared);
  const permissions = familyPermissions(
    target.family,
    target.mailHostingId,
    declared.preset,
    declared.permissions,
  );
  // The legacy family gives a member access by an invitation link, which such a mailbox refuses.
  const restricted =
    target.family === "legacy" &&
    !isFailure(grantee) &&
    grantee.kind === "member" &&
    !target.shareableByInvitation
      ? [
          failure(
            "mailbox",
            restrictedLoginMessage(target.address, GRANT_BY_LINK, wordingFor(declared.declaredIn)),
          ),
        ]
      : [];
  const failures = [
    ...(isFailure(grantee) ? [grantee] : []),
    ...restricted,
    ...("failures" in permissions ? permissions.failures : []),
  ];
  if (isFailure(grantee) || failures.length > 0 || "failures" in permissions) return failures;
  return { target, grantee, permissions: permissions.permissions };
}

function adoptionMessage(target: MailboxTarget, member: Member, wording: Wording): string {
  return (
    `${member.email} already has access (or a pending invitation) to ${target.address}. To bring that access under this stack's management, ` +
    `${wording.adopt} (its permissions will then be set to the declared ones); ` +
    `or remove the access in the Manager first`
  );
}

export const mailboxAccess: ResourceImplementation = {
  async check(olds, news) {
    const declaration = parseDeclaration(Declared, news);
    if (declaration.kind === "invalid") return { failures: declaration.failures };
    if (declaration.kind === "partial") return { inputs: declaration.inputs };
    const { declared } = declaration;
    const resolved = await resolve(declared);
    if (Array.isArray(resolved)) return { failures: resolved };
    const { target, grantee } = resolved;
    const member = grantee.kind === "member" ? grantee.member : undefined;
    const ref = { mailHostingId: target.mailHostingId, mailboxName: target.mailboxName };
    // What `create` would refuse (adoption_required), said in preview from the listing it reads.
    if (member && !declared.adopt && isFirstCheck(olds) && (await heldBy(ref, member)) !== undefined)
      return {
        failures: [failure("adopt", adoptionMessage(target, member, wordingFor(declared.declaredIn)))],
      };
    const existing = await existingOnAdoption(olds, declared.adopt && member !== undefined, async () =>
      member ? heldBy(ref, member) : undefined,
    );
    const checked: Checked = {
      mailHostingId: target.mailHostingId,
      mailbox: target.mailboxName,
      accountId: target.accountId,
      address: target.address,
      userId: member?.userId ?? null,
      ...(declared.userEmail ? { userEmail: declared.userEmail } : {}),
      ...(declared.preset ? { preset: declared.preset } : {}),
      permissions: resolved.permissions,
      ...(declared.adopt !== undefined ? { adopt: declared.adopt } : {}),
      ...(declared.review ? { review: declared.review } : {}),
      ...(declared.carryOnInvitation !== undefined ? { carryOnInvitation: declared.carryOnInvitation } : {}),
      ...(declared.declaredIn ? { declaredIn: declared.declaredIn } : {}),
      ...existing,
    };
    return { inputs: checked };
  },

  diff(_id, olds, news) {
    const old = State.partial().parse(withoutProvider(olds));
    const next = withoutProvider(news);
    // Someone invited who joins gets a user id: that is the same grant, not another person.
    const replaces = (["mailHostingId", "mailbox", "userId"] as const).filter(
      (key) =>
        isUnknown(next[key]) ||
        (next[key] !== old[key] && !(key === "userId" && (old.userId === null || next[key] === null))),
    );
    const permissionsChanged =
      isUnknown(next["permissions"]) || !samePermissions(next["permissions"] ?? {}, old.permissions ?? {});
    // A review-only change is stored without a call to Infomaniak.
    return Promise.resolve({
      changes: replaces.length > 0 || permissionsChanged || reviewChanged(next["review"], old.review),
      replaces,
    });
  },

  async create(inputs) {
    const checked = Checked.parse(withoutProvider(inputs));
    const resolved = await resolve({ ...checked, userId: checked.userId ?? undefined });
    if (Array.isArray(resolved)) throw ResourceError.fromFailures(resolved);
    const { target, grantee } = resolved;
    const permissions = checked.permissions as PermissionSet;
    const client = apiClient();
    const mailbox = { mailHostingId: target.mailHostingId, mailboxName: target.mailboxName };
    const base = {
      ...checked,
      family: target.family,
      organisationInvitationId: null,
      lastWriteAt: Date.now(),
    };
    if (grantee.kind === "awaited") {
      throw new ResourceError(
        "invalid_state",
        `${grantee.email} is neither a member of organisation ${target.accountId} nor invited into it: declare their OrganisationUser (a spec's members) so that the grant can ride on the invitation`,
      );
    }
    if (grantee.kind === "invited") {
      await client.organisation.attachMailbox(target.accountId, grantee.invitationId, mailbox, permissions);
      const state: State = {
        ...base,
        status: "invited",
        invitationKey: null,
        organisationInvitationId: grantee.invitationId,
      };
      return {
        id: `${target.mailHostingId}/${target.mailboxName}/invited/${grantee.invitationId}`,
        outs: state,
      };
    }
    const { member } = grantee;
    const id = idOf({ ...checked, userId: member.userId });
    const active = { ...base, userId: member.userId, status: "active", invitationKey: null } satisfies State;
    const adoptExisting = async (existing: PermissionSet | null) => {
      if (!checked.adopt)
        throw new ResourceError(
          "adoption_required",
          adoptionMessage(target, member, wordingFor(checked.declaredIn)),
        );
      if (!samePermissions(existing, permissions))
        await client.mailboxAccesses.update(mailbox, member.userId, permissions);
      return { id, outs: active };
    };
    // Look first where the listing tells: with `adopt`, an access held already is taken over without
    // a write (the listing `check` read is cached for the run); on the legacy family, which invites
    // rather than grants, a member who has access or a pending invitation is not sent another. The
    // webmail family says so itself (409), which saves a listing per grant.
    if (checked.adopt || target.family === "legacy") {
      const sharing = await client.mailboxAccesses.sharing(mailbox);
      const existing = sharing.accesses.find((a) => a.userId === member.userId);
      if (existing) return adoptExisting(existing.permissions);
      const email = member.email.toLowerCase();
      const link = sharing.invitations.find(
        (i) => i.sentTo.toLowerCase() === email && i.expiresAt * 1000 > Date.now(),
      );
      if (link && target.family === "legacy") {
        if (!checked.adopt)
          throw new ResourceError(
            "adoption_required",
            adoptionMessage(target, member, wordingFor(checked.declaredIn)),
          );
        if (!samePermissions(link.permissions, permissions))
          await client.mailboxAccesses.updateInvitation(mailbox, link.key, permissions);
        return { id, outs: { ...active, status: "pending", invitationKey: link.key } satisfies State };
      }
    }
    let result: Awaited<ReturnType<typeof client.mailboxAccesses.grant>>;
    try {
      result = await client.mailboxAccesses.grant(mailbox, member, permissions, target.language);
    } catch (error) {
      if (error instanceof InfomaniakApiError && error.code === RESTRICTED_LOGIN_CODE)
        throw new ResourceError(
          "invalid_state",
          restrictedLoginMessage(target.address, GRANT_BY_LINK, wordingFor(checked.declaredIn)),
        );
      if (!(error instanceof InfomaniakApiError) || error.code !== "user_already_has_access_to_mailbox")
        throw error;
      const existing = (await client.mailboxAccesses.freshSharing(mailbox)).accesses.find(
        (a) => a.userId === member.userId,
      );
      return adoptExisting(existing?.permissions ?? null);
    }
    const state: State = result.granted
      ? active
      : { ...active, status: "pending", invitationKey: result.invitation.key };
    return { id, outs: state };
  },

  async read(id, props) {
    const known = State.safeParse(withoutProvider(props));
    const fromId = ID.exec(id);
    if (!known.success && !fromId)
      throw new ResourceError(
        "invalid_id",
        `"${id}" is not a MailboxAccess id (mailHostingId/mailbox/userId)`,
      );
    const client = apiClient();
    let state: State;
    if (known.success) {
      state = known.data;
    } else {
      const [, hosting, mailbox, user] = fromId as RegExpExecArray;
      const target = await resolveMailboxTarget(client, {
        mailHostingId: Number(hosting),
        mailbox: decodeURIComponent(mailbox ?? ""),
      });
      if (isFailure(target)) return { id: "" };
      state = {
        mailHostingId: target.mailHostingId,
        mailbox: target.mailboxName,
        userId: Number(user),
        permissions: {},
        accountId: target.accountId,
        address: target.address,
        family: target.family,
        status: "active",
        invitationKey: null,
        organisationInvitationId: null,
        lastWriteAt: 0,
      };
    }
    if (state.status === "invited") {
      const joined = await invitedNow(state);
      if (joined === "still invited") return { id, props: state, inputs: Checked.parse(state) };
      // Rejected, cancelled or expired: the grant never came to be.
      if (joined === undefined) return { id: "" };
      state = { ...state, userId: joined, status: "active", organisationInvitationId: null };
    }
    const userId = state.userId;
    const present = (s: MailboxSharing) => ({
      access: s.accesses.find((a) => a.userId === userId),
      pending: state.invitationKey ? s.invitations.find((i) => i.key === state.invitationKey) : undefined,
    });
    const mailbox = { mailHostingId: state.mailHostingId, mailboxName: state.mailbox };
    const sharing = await settledSharing(client, mailbox, state.lastWriteAt, (s) => {
      const found = present(s);
      return found.access !== undefined || found.pending !== undefined;
    });
    const { access, pending } = present(sharing);
    if (!access && !pending) return { id: "" };
    const live: State = access
      ? { ...state, permissions: rightsShown(access, state), status: "active", invitationKey: null }
      : { ...state, permissions: pending?.permissions ?? state.permissions, status: "pending" };
    const inputs = Checked.parse(live);
    return { id, props: live, inputs };
  },

  async update(_id, olds, news) {
    const old = State.parse(withoutProvider(olds));
    const checked = Checked.parse(withoutProvider(news));
    const client = apiClient();
    const mailbox = { mailHostingId: old.mailHostingId, mailboxName: old.mailbox };
    const permissions = checked.permissions as PermissionSet;
    // A change of the review alone is nothing to tell Infomaniak.
    if (!samePermissions(permissions, old.permissions)) {
      if (old.status === "invited" && old.organisationInvitationId !== null) {
        await client.organisation.attachMailbox(
          old.accountId,
          old.organisationInvitationId,
          mailbox,
          permissions,
        );
      } else if (old.status === "pending" && old.invitationKey) {
        await client.mailboxAccesses.updateInvitation(mailbox, old.invitationKey, permissions);
      } else if (old.userId !== null) {
        await client.mailboxAccesses.update(mailbox, old.userId, permissions).catch((error: unknown) => {
          throw ResourceError.ifGone(
            error,
            `The access of ${old.userEmail ?? `user ${old.userId}`} to ${old.address}`,
          );
        });
      }
    }
    return {
      outs: {
        ...old,
        ...checked,
        userId: checked.userId ?? old.userId,
        lastWriteAt: Date.now(),
      } satisfies State,
    };
  },

  async delete(_id, props) {
    const state = State.parse(withoutProvider(props));
    const client = apiClient();
    const mailbox = { mailHostingId: state.mailHostingId, mailboxName: state.mailbox };
    let userId = state.userId;
    if (state.status === "invited" && state.organisationInvitationId !== null) {
      await client.organisation.detachMailbox(state.accountId, state.organisationInvitationId, mailbox);
      // They may have joined since the last refresh: then the grant is an access by now.
      const joined = await invitedNow(state);
      if (typeof joined !== "number") return;
      userId = joined;
    }
    // No listing decides here (it may lag): revoke both ways the member may hold the mailbox. An
    // access or a link that is already gone counts as revoked.
    if (userId !== null) await client.mailboxAccesses.revoke(mailbox, userId);
    if (state.invitationKey) await client.mailboxAccesses.revokeInvitation(mailbox, state.invitationKey);
  },
};

/**
 * Where someone whose invitation carries the grant stands: still invited, joined (their user id), or
 * neither (they declined, or the invitation was cancelled or expired).
 */
async function invitedNow(state: State): Promise<"still invited" | number | undefined> {
  const users = await apiClient().organisation.users(state.accountId);
  if (
    users.some((u) => u.invitation_id === state.organisationInvitationId && u.state_in_account === "pending")
  )
    return "still invited";
  const email = state.userEmail?.toLowerCase();
  const member = users.find((u) => u.state_in_account === "valid" && u.email.toLowerCase() === email);
  return member?.user_id ?? undefined;
}
