import type { MailboxRef, PermissionSet } from "../../api/accessFamilies/accessFamily";
import { samePermissions } from "../../api/accessFamilies/accessFamily";
import type { InfomaniakClient } from "../../api/client";
import { InfomaniakApiError } from "../../api/errors";
import { defineResource } from "../../engine/defineResource";
import type { CheckFailure } from "../../engine/protocol";
import { adoptionOnCheck, unsentLinkToTakeOver } from "../adoption";
import type { MailboxTarget } from "../mailboxTarget";
import {
  RESTRICTED_LOGIN_CODE,
  isFailure,
  resolveMailboxTarget,
  restrictedLoginMessage,
} from "../mailboxTarget";
import type { Grantee, GranteeQuery, Member } from "../members";
import { findGrantee } from "../members";
import { familyPermissions } from "../../permissions";
import { liveFromListing } from "../readConsistency";
import { ResourceError } from "../resourceError";
import { wordingFor } from "../wording";
import type { GrantPlan } from "./rules";
import {
  GRANT_BY_LINK,
  adoptionMessage,
  checkedOf,
  diffGrant,
  grantPlan,
  idOf,
  invitedStanding,
  liveGrant,
  parseId,
  restrictedGrantFailures,
} from "./rules";
import type { Checked, Declared, State } from "./schema";
import * as schemas from "./schema";

type Query = Pick<
  Declared,
  "mailHostingId" | "mailbox" | "accountId" | "preset" | "permissions" | "declaredIn"
> &
  GranteeQuery;

interface Resolved {
  target: MailboxTarget;
  grantee: Grantee;
  permissions: PermissionSet;
}

/** Everything `check` verifies against the live organisation; failures name the input and the fix. */
async function resolve(client: InfomaniakClient, declared: Query): Promise<Resolved | CheckFailure[]> {
  const target = await resolveMailboxTarget(client, declared);
  if (isFailure(target)) return [target];
  const grantee = await findGrantee(client, target.accountId, declared);
  const permissions = familyPermissions(
    target.family,
    target.mailHostingId,
    declared.preset,
    declared.permissions,
  );
  const permissionFailures = "failures" in permissions ? permissions.failures : [];
  if (isFailure(grantee)) return [grantee, ...permissionFailures];
  const failures = [
    ...restrictedGrantFailures(target, grantee, wordingFor(declared.declaredIn)),
    ...permissionFailures,
  ];
  if (failures.length > 0 || "failures" in permissions) return failures;
  return { target, grantee, permissions: permissions.permissions };
}

/** Where someone whose invitation carries the grant stands now. */
async function invitedNow(
  client: InfomaniakClient,
  state: State,
): Promise<"still invited" | number | undefined> {
  return invitedStanding(state, await client.organisation.users(state.accountId));
}

/** A member's grant: taken over where the listing shows it held already, else granted (a pending link on the legacy family). */
async function grantMember(
  client: InfomaniakClient,
  checked: Checked,
  target: MailboxTarget,
  member: Member,
  base: State,
): Promise<State> {
  const mailbox: MailboxRef = { mailHostingId: target.mailHostingId, mailboxName: target.mailboxName };
  const permissions = checked.permissions as PermissionSet;
  const takeOver = async (plan: Exclude<GrantPlan, { kind: "grant" }>): Promise<State> => {
    if (plan.kind === "refuse")
      throw new ResourceError(
        "adoption_required",
        adoptionMessage(target, member, wordingFor(checked.declaredIn)),
      );
    if (plan.kind === "adopt-access") {
      if (!samePermissions(plan.permissions, permissions))
        await client.mailboxAccesses.update(mailbox, member.userId, permissions);
      return base;
    }
    if (!samePermissions(plan.link.permissions, permissions))
      await client.mailboxAccesses.updateLink(mailbox, plan.link.key, permissions);
    return { ...base, status: "pending", invitationKey: plan.link.key };
  };
  // Look first where the listing tells (the listing `check` read is cached for the run). The webmail
  // family says itself that a member has access (409), which saves a listing per grant.
  if (checked.adopt || target.family === "legacy") {
    const sharing = await client.mailboxAccesses.sharing(mailbox);
    const plan = grantPlan(checked, target.family, member, sharing);
    if (plan.kind !== "grant") return takeOver(plan);
    // The legacy family grants by a link bound to the member's address: one an interrupted create
    // made but never e-mailed is taken over after `recover`, not left beside a second one.
    const unsent = unsentLinkToTakeOver(checked.adopt, sharing.invitations, permissions);
    if (unsent) {
      await client.mailboxAccesses.sendLink(mailbox, unsent.key, member.email, target.language);
      return { ...base, status: "pending", invitationKey: unsent.key };
    }
  }
  try {
    const result = await client.mailboxAccesses.grant(mailbox, member, permissions, target.language);
    return result.granted ? base : { ...base, status: "pending", invitationKey: result.invitation.key };
  } catch (error) {
    if (error instanceof InfomaniakApiError && error.code === RESTRICTED_LOGIN_CODE)
      throw new ResourceError(
        "invalid_state",
        restrictedLoginMessage(target.address, GRANT_BY_LINK, wordingFor(checked.declaredIn)),
      );
    if (!(error instanceof InfomaniakApiError) || error.code !== "user_already_has_access_to_mailbox")
      throw error;
    const access = (await client.mailboxAccesses.freshSharing(mailbox)).accesses.find(
      (a) => a.userId === member.userId,
    );
    return takeOver(
      checked.adopt ? { kind: "adopt-access", permissions: access?.permissions ?? null } : { kind: "refuse" },
    );
  }
}

/** A state from a MailboxAccess id alone (`.get()`): the member's access, rights as refresh finds them. */
async function stateFromId(client: InfomaniakClient, id: string): Promise<State | undefined> {
  const parts = parseId(id);
  if (!parts)
    throw new ResourceError("invalid_id", `"${id}" is not a MailboxAccess id (mailHostingId/mailbox/userId)`);
  const target = await resolveMailboxTarget(client, {
    mailHostingId: parts.mailHostingId,
    mailbox: parts.mailbox,
  });
  if (isFailure(target)) return undefined;
  return {
    mailHostingId: target.mailHostingId,
    mailbox: target.mailboxName,
    userId: parts.userId,
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

/** One member's rights on one mailbox; riding on their invitation into the organisation until they join. */
export const mailboxAccess = defineResource({
  name: "MailboxAccess",
  schemas,

  async check(client, declared, previous) {
    const resolved = await resolve(client, declared);
    if (Array.isArray(resolved)) return resolved;
    const { target, grantee } = resolved;
    const member = grantee.kind === "member" ? grantee.member : undefined;
    const ref = { mailHostingId: target.mailHostingId, mailboxName: target.mailboxName };
    const adoption = await adoptionOnCheck(client, previous, ref, member, declared.adopt, (m) =>
      adoptionMessage(target, m, wordingFor(declared.declaredIn)),
    );
    return isFailure(adoption)
      ? [adoption]
      : checkedOf(declared, target, member, resolved.permissions, adoption);
  },

  diff: (changes, old, next) => diffGrant(changes, old, next),

  async create(client, checked) {
    // Resolved again rather than taken from `check`: a preview can be a merge request old, and the
    // member may have joined, left or been invited since (cached reads make this cheap within a run).
    const resolved = await resolve(client, { ...checked, userId: checked.userId ?? undefined });
    if (Array.isArray(resolved)) throw ResourceError.fromFailures(resolved);
    const { target, grantee } = resolved;
    const base = {
      ...checked,
      family: target.family,
      organisationInvitationId: null,
      lastWriteAt: Date.now(),
    };
    if (grantee.kind === "awaited")
      throw new ResourceError(
        "invalid_state",
        `${grantee.email} is neither a member of organisation ${target.accountId} nor invited into it: declare their OrganisationUser (a spec's members) so that the grant can ride on the invitation`,
      );
    if (grantee.kind === "invited") {
      const mailbox = { mailHostingId: target.mailHostingId, mailboxName: target.mailboxName };
      await client.organisation.attachMailbox(
        target.accountId,
        grantee.invitationId,
        mailbox,
        checked.permissions,
      );
      const state: State = {
        ...base,
        status: "invited",
        invitationKey: null,
        organisationInvitationId: grantee.invitationId,
      };
      return { id: `${target.mailHostingId}/${target.mailboxName}/invited/${grantee.invitationId}`, state };
    }
    const { member } = grantee;
    const active: State = { ...base, userId: member.userId, status: "active", invitationKey: null };
    const state = await grantMember(client, checked, target, member, active);
    return { id: idOf({ ...checked, userId: member.userId }), state };
  },

  readById: stateFromId,

  async read(client, _id, stored) {
    let state = stored;
    if (state.status === "invited") {
      const joined = await invitedNow(client, state);
      if (joined === "still invited") return state;
      // Rejected, cancelled or expired: the grant never came to be.
      if (joined === undefined) return undefined;
      state = { ...state, userId: joined, status: "active", organisationInvitationId: null };
    }
    const current = state;
    return liveFromListing(
      client,
      current,
      (sharing) => liveGrant(current, sharing),
      (live) => (live.status === "active" ? live.userId : null),
    );
  },

  async update(client, old, checked) {
    const mailbox = { mailHostingId: old.mailHostingId, mailboxName: old.mailbox };
    const permissions = checked.permissions as PermissionSet;
    // A change of the review alone is nothing to tell Infomaniak.
    if (!samePermissions(permissions, old.permissions)) {
      if (old.status === "invited" && old.organisationInvitationId !== null)
        await client.organisation.attachMailbox(
          old.accountId,
          old.organisationInvitationId,
          mailbox,
          permissions,
        );
      else if (old.status === "pending" && old.invitationKey)
        await client.mailboxAccesses.updateLink(mailbox, old.invitationKey, permissions);
      else if (old.userId !== null)
        await client.mailboxAccesses.update(mailbox, old.userId, permissions).catch((error: unknown) => {
          throw ResourceError.ifGone(
            error,
            `The access of ${old.userEmail ?? `user ${old.userId}`} to ${old.address}`,
          );
        });
    }
    return { ...old, ...checked, userId: checked.userId ?? old.userId, lastWriteAt: Date.now() };
  },

  async delete(client, state) {
    const mailbox = { mailHostingId: state.mailHostingId, mailboxName: state.mailbox };
    let userId = state.userId;
    if (state.status === "invited" && state.organisationInvitationId !== null) {
      await client.organisation.detachMailbox(state.accountId, state.organisationInvitationId, mailbox);
      // They may have joined since the last refresh: then the grant is an access by now.
      const joined = await invitedNow(client, state);
      if (typeof joined !== "number") return;
      userId = joined;
    }
    // No listing decides here (it may lag): revoke both ways the member may hold the mailbox. An
    // access or a link that is already gone counts as revoked.
    if (userId !== null) await client.mailboxAccesses.revoke(mailbox, userId);
    if (state.invitationKey) await client.mailboxAccesses.revokeLink(mailbox, state.invitationKey);
  },
});
