import type { PendingLink, MailboxRef, PermissionSet } from "../../api/accessFamilies/accessFamily";
import { samePermissions } from "../../api/accessFamilies/accessFamily";
import { changeableInPlace } from "../../api/accessFamilies/pendingLinks";
import type { InfomaniakClient } from "../../api/client";
import { InfomaniakApiError } from "../../api/errors";
import { defineResource } from "../../engine/defineResource";
import type { CheckFailure } from "../../engine/protocol";
import { failure } from "../../engine/protocol";
import { isoOfSeconds, liveLinkTo } from "../../links";
import { sameEmail } from "../../people";
import { warn } from "../../runtime";
import { adoptionOnCheck, unsentLinkToTakeOver } from "../adoption";
import type { MailboxTarget } from "../mailboxTarget";
import {
  RESTRICTED_LOGIN_CODE,
  isFailure,
  resolveMailboxTarget,
  restrictedLoginMessage,
} from "../mailboxTarget";
import { familyPermissions } from "../../permissions";
import { liveFromListing } from "../readConsistency";
import { ResourceError } from "../resourceError";
import { wordingFor } from "../wording";
import { adoptionMessage, checkedOf, diffInvitation, idOf, linkReplacement, liveState } from "./rules";
import type { Checked, Declared, State } from "./schema";
import * as schemas from "./schema";

type Query = Pick<
  Declared,
  "mailHostingId" | "mailbox" | "accountId" | "email" | "preset" | "permissions" | "declaredIn"
>;

/** Everything `check` verifies against the live organisation; failures name the input and the fix. */
async function resolve(
  client: InfomaniakClient,
  declared: Query,
): Promise<{ target: MailboxTarget; permissions: PermissionSet } | CheckFailure[]> {
  const target = await resolveMailboxTarget(client, declared);
  if (isFailure(target)) return [target];
  const wording = wordingFor(declared.declaredIn);
  const failures: CheckFailure[] = [];
  const members = await client.organisation.users(target.accountId);
  if (members.some((u) => sameEmail(u.email, declared.email)))
    failures.push(
      failure(
        "email",
        `${declared.email} is in organisation ${target.accountId}: grant access with ${wording.grant} instead of an invitation link`,
      ),
    );
  const permissions = familyPermissions(
    target.family,
    target.mailHostingId,
    declared.preset,
    declared.permissions,
  );
  if (!target.shareableByInvitation)
    failures.push(failure("mailbox", restrictedLoginMessage(target.address, "an invitation link", wording)));
  if ("failures" in permissions) failures.push(...permissions.failures);
  if (failures.length > 0 || "failures" in permissions) return failures;
  return { target, permissions: permissions.permissions };
}

/**
 * A new link with the declared rights, e-mailed when `send` says so. A restricted login identifier's
 * refusal gets the same explanation as in preview (the flags `check` read may lag behind).
 */
async function newLink(
  client: InfomaniakClient,
  mailbox: MailboxRef,
  checked: Checked,
): Promise<Pick<State, "key" | "shortUrl" | "expiresAt">> {
  let link: PendingLink;
  try {
    link = await client.mailboxAccesses.createLink(mailbox, {
      permissions: checked.permissions,
      firstName: checked.firstName,
      lastName: checked.lastName,
    });
  } catch (error) {
    if (error instanceof InfomaniakApiError && error.code === RESTRICTED_LOGIN_CODE)
      throw new ResourceError(
        "invalid_state",
        restrictedLoginMessage(checked.address, "an invitation link", wordingFor(checked.declaredIn)),
      );
    throw error;
  }
  if (checked.send) await client.mailboxAccesses.sendLink(mailbox, link.key, checked.email, checked.language);
  return { key: link.key, shortUrl: link.shortUrl, expiresAt: isoOfSeconds(link.expiresAt) };
}

/** After `recover`: the link the interrupted create made but never e-mailed, now e-mailed (see unsentLinkToTakeOver). */
async function unsentLinkOfInterruptedRun(
  client: InfomaniakClient,
  mailbox: MailboxRef,
  checked: Checked,
  links: readonly PendingLink[],
): Promise<Pick<State, "key" | "shortUrl" | "expiresAt"> | undefined> {
  const link = unsentLinkToTakeOver(checked.adopt, links, checked.permissions);
  if (!link) return undefined;
  if (checked.send) await client.mailboxAccesses.sendLink(mailbox, link.key, checked.email, checked.language);
  return { key: link.key, shortUrl: link.shortUrl, expiresAt: isoOfSeconds(link.expiresAt) };
}

/** Statuses with which the API declines to change a pending link in place (the link is then replaced). */
const LINK_CHANGE_DECLINED = new Set([400, 405, 501]);

/**
 * New rights for a pending link: in place where its PATCH can say them (the guest is not e-mailed
 * twice); else, or when the API declines, a new link replaces it. A link accepted meanwhile is an
 * access by now: its rights are set there.
 */
async function changePendingLink(client: InfomaniakClient, old: State, checked: Checked): Promise<State> {
  const mailbox = { mailHostingId: old.mailHostingId, mailboxName: old.mailbox };
  const next: State = { ...old, ...checked, lastWriteAt: Date.now() };
  if (changeableInPlace(old.permissions, checked.permissions)) {
    try {
      await client.mailboxAccesses.updateLink(mailbox, old.key, checked.permissions);
      return next;
    } catch (error) {
      if (!(error instanceof InfomaniakApiError) || !LINK_CHANGE_DECLINED.has(error.status ?? 0)) throw error;
      // The preview expected a change in place: say what happens instead.
      warn(
        `Infomaniak declined to change ${old.email}'s pending invitation link to ${old.address} in place (${error.status ?? "?"} ${error.code}): ${linkReplacement(old.email, checked.send)}`,
      );
    }
  }
  const live = liveState(old, await client.mailboxAccesses.freshSharing(mailbox));
  if (live?.status === "accepted" && live.acceptedUserId !== null) {
    await client.mailboxAccesses.update(mailbox, live.acceptedUserId, checked.permissions);
    return { ...next, status: "accepted", acceptedUserId: live.acceptedUserId };
  }
  if (live === undefined)
    throw new ResourceError(
      "invalid_state",
      `The invitation link of ${old.email} to ${old.address} is gone (revoked or declined outside this stack): run \`pulumi refresh\`, then \`pulumi up\` to invite them again`,
    );
  const link = await newLink(client, mailbox, checked);
  await client.mailboxAccesses.revokeLink(mailbox, old.key);
  return { ...next, ...link, status: "pending" };
}

/** An invitation link to one mailbox for someone outside the organisation; an access once accepted. */
export const externalInvitation = defineResource({
  name: "ExternalInvitation",
  schemas,

  async check(client, declared, previous) {
    const resolved = await resolve(client, declared);
    if (Array.isArray(resolved)) return resolved;
    const { target } = resolved;
    const ref = { mailHostingId: target.mailHostingId, mailboxName: target.mailboxName };
    const adoption = await adoptionOnCheck(client, previous, ref, declared, declared.adopt, (guest) =>
      adoptionMessage(guest.email, target.address, wordingFor(declared.declaredIn)),
    );
    return isFailure(adoption) ? [adoption] : checkedOf(declared, target, resolved.permissions, adoption);
  },

  diff(changes, old, next, id) {
    const { result, warnings } = diffInvitation(changes, old, next, id);
    for (const warning of warnings) warn(warning);
    return result;
  },

  async create(client, checked) {
    const resolved = await resolve(client, checked);
    if (Array.isArray(resolved)) throw ResourceError.fromFailures(resolved);
    const { target } = resolved;
    const mailbox = { mailHostingId: target.mailHostingId, mailboxName: target.mailboxName };
    const base = { ...checked, family: target.family, lastWriteAt: Date.now() };
    const sharing = await client.mailboxAccesses.sharing(mailbox);
    const existingAccess = sharing.accesses.find((a) => sameEmail(a.email, checked.email));
    const existingLink = liveLinkTo(sharing.invitations, checked.email);
    if ((existingAccess || existingLink) && !checked.adopt)
      throw new ResourceError(
        "adoption_required",
        adoptionMessage(checked.email, target.address, wordingFor(checked.declaredIn)),
      );
    if (existingAccess) {
      if (!samePermissions(existingAccess.permissions, checked.permissions))
        await client.mailboxAccesses.update(mailbox, existingAccess.userId, checked.permissions);
      const state: State = {
        ...base,
        key: `adopted-${existingAccess.userId}`,
        shortUrl: "",
        status: "accepted",
        expiresAt: isoOfSeconds(0),
        acceptedUserId: existingAccess.userId,
      };
      return { id: idOf(state), state };
    }
    const link = existingLink
      ? {
          key: existingLink.key,
          shortUrl: existingLink.shortUrl,
          expiresAt: isoOfSeconds(existingLink.expiresAt),
        }
      : ((await unsentLinkOfInterruptedRun(client, mailbox, checked, sharing.invitations)) ??
        (await newLink(client, mailbox, checked)));
    const state: State = { ...base, ...link, status: "pending", acceptedUserId: null };
    return { id: idOf(state), state };
  },

  readById: { refused: "import is not supported, use `adopt: true`" },

  read: (client, _id, stored) =>
    liveFromListing(
      client,
      stored,
      (sharing) => liveState(stored, sharing),
      (live) => (live.status === "accepted" ? live.acceptedUserId : null),
    ),

  async update(client, old, checked) {
    const mailbox = { mailHostingId: old.mailHostingId, mailboxName: old.mailbox };
    // A change of the review alone is nothing to tell Infomaniak.
    if (samePermissions(checked.permissions, old.permissions))
      return { ...old, ...checked, lastWriteAt: Date.now() };
    if (old.status === "accepted" && old.acceptedUserId !== null) {
      await client.mailboxAccesses
        .update(mailbox, old.acceptedUserId, checked.permissions)
        .catch((error: unknown) => {
          throw ResourceError.ifGone(error, `The access of ${old.email} to ${old.address}`);
        });
      return { ...old, ...checked, lastWriteAt: Date.now() };
    }
    return changePendingLink(client, old, checked);
  },

  async delete(client, state) {
    const mailbox = { mailHostingId: state.mailHostingId, mailboxName: state.mailbox };
    // Revoking an answered link is a no-op (404); then the link may have become an access.
    if (state.status !== "accepted") await client.mailboxAccesses.revokeLink(mailbox, state.key);
    const live = liveState(state, await client.mailboxAccesses.freshSharing(mailbox));
    const acceptedBy = live?.status === "accepted" ? live.acceptedUserId : state.acceptedUserId;
    if (acceptedBy !== null) await client.mailboxAccesses.revoke(mailbox, acceptedBy);
  },
});
