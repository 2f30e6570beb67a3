import { z } from "zod";
import type {
  InvitationEntry,
  MailboxRef,
  MailboxSharing,
  PermissionSet,
} from "../api/accessFamilies/accessFamily";
import { samePermissions } from "../api/accessFamilies/accessFamily";
import { changeableInPlace } from "../api/accessFamilies/pendingLinks";
import { InfomaniakApiError } from "../api/errors";
import { InvitationLanguage } from "../api/schemas";
import { apiClient, warn } from "../runtime";
import type { ResourceImplementation } from "../resourceImplementation";
import type { CheckFailure } from "./inputs";
import {
  AccountId,
  EmailInput,
  MailHostingId,
  MailboxInput,
  PermissionsInput,
  PresetInput,
  ReviewInput,
  failure,
  isUnknown,
  parseDeclaration,
  reviewChanged,
  withoutProvider,
} from "./inputs";
import { Existing, existingOnAdoption, heldBy, isFirstCheck } from "./adoption";
import type { MailboxTarget } from "./mailboxTarget";
import {
  RESTRICTED_LOGIN_CODE,
  isFailure,
  resolveMailboxTarget,
  restrictedLoginMessage,
} from "./mailboxTarget";
import { rightsShown } from "./rightsShown";
import { familyPermissions } from "./permissionInputs";
import { settledSharing } from "./readConsistency";
import { ResourceError } from "./resourceError";
import type { Wording } from "./wording";
import { DeclaredIn, wordingFor } from "./wording";

const OnExpiry = z.enum(["reinvite", "report"], {
  error: 'onExpiry is "reinvite" (a new link on the next up) or "report" (a warning, nothing changes)',
});

const Declared = z.strictObject(
  {
    mailHostingId: MailHostingId,
    mailbox: MailboxInput,
    /** The organisation the mail hosting is expected in: checked first, in preview. */
    accountId: AccountId.optional(),
    email: EmailInput,
    firstName: z
      .string({ error: "firstName is text" })
      .max(100, { error: "firstName has at most 100 characters" })
      .optional(),
    lastName: z
      .string({ error: "lastName is text" })
      .max(100, { error: "lastName has at most 100 characters" })
      .optional(),
    preset: PresetInput.optional(),
    permissions: PermissionsInput.optional(),
    send: z.boolean({ error: "send is true (e-mail the link) or false (only create it)" }).optional(),
    language: InvitationLanguage.optional(),
    onExpiry: OnExpiry.optional(),
    adopt: z.boolean({ error: "adopt is true or false" }).optional(),
    review: ReviewInput.optional(),
    declaredIn: DeclaredIn.optional(),
  },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys" ? `unknown input: ${issue.keys.join(", ")}` : undefined,
  },
);

/** What `check` hands on: the mailbox by name and address, its organisation, every right explicit. */
const Checked = z.object({
  mailHostingId: z.number(),
  mailbox: z.string(),
  accountId: z.number(),
  address: z.string(),
  email: z.string(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  preset: PresetInput.optional(),
  permissions: z.record(z.string(), z.boolean()),
  send: z.boolean(),
  language: InvitationLanguage,
  onExpiry: OnExpiry,
  adopt: z.boolean().optional(),
  review: ReviewInput.optional(),
  existing: Existing.optional(),
  declaredIn: DeclaredIn.optional(),
});
type Checked = z.infer<typeof Checked>;

const State = Checked.extend({
  family: z.enum(["webmail", "legacy"]),
  key: z.string(),
  shortUrl: z.string(),
  status: z.enum(["pending", "accepted", "expired"]),
  /** ISO 8601. */
  expiresAt: z.string(),
  acceptedUserId: z.number().nullable(),
  /** When this stack last changed the invitation (ms since the epoch): see settledSharing. */
  lastWriteAt: z.number().default(0),
});
type State = z.infer<typeof State>;

function adoptionMessage(email: string, address: string, wording: Wording): string {
  return (
    `${email} already has access to ${address}, or a pending invitation link to it. To bring it under this stack's management, ` +
    `${wording.adopt}; or remove it in the Manager first`
  );
}

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

function isExpired(state: Pick<State, "status" | "expiresAt">): boolean {
  return state.status !== "accepted" && Date.parse(state.expiresAt) <= Date.now();
}

function idOf(state: Pick<State, "mailHostingId" | "mailbox" | "key">): string {
  return `${state.mailHostingId}/${state.mailbox}/invitation/${state.key}`;
}

async function resolve(
  declared: z.infer<typeof Declared>,
): Promise<{ target: MailboxTarget; permissions: PermissionSet } | CheckFailure[]> {
  const client = apiClient();
  const target = await resolveMailboxTarget(client, declared);
  if (isFailure(target)) return [target];
  const wording = wordingFor(declared.declaredIn);
  const failures: CheckFailure[] = [];
  const members = await client.organisation.users(target.accountId);
  if (members.some((u) => u.email.toLowerCase() === declared.email.toLowerCase())) {
    failures.push(
      failure(
        "email",
        `${declared.email} is in organisation ${target.accountId}: grant access with ${wording.grant} instead of an invitation link`,
      ),
    );
  }
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

/** Where the invitation stands according to the live listing (undefined: gone). */
function liveState(state: State, sharing: MailboxSharing): State | undefined {
  if (state.status !== "accepted") {
    const pending = sharing.invitations.find((i) => i.key === state.key);
    if (pending) {
      const next = {
        ...state,
        expiresAt: iso(pending.expiresAt),
        permissions: pending.permissions as Record<string, boolean>,
      };
      return {
        ...next,
        status: isExpired({ status: "pending", expiresAt: next.expiresAt }) ? "expired" : "pending",
      };
    }
  }
  // Accepted: the link became an access of the person who opened it (found by the invited address).
  const access = sharing.accesses.find((a) =>
    state.acceptedUserId !== null
      ? a.userId === state.acceptedUserId
      : a.email.toLowerCase() === state.email.toLowerCase(),
  );
  if (!access) return undefined;
  return {
    ...state,
    status: "accepted",
    acceptedUserId: access.userId,
    permissions: rightsShown(access, state),
  };
}

/**
 * A new link with the declared rights, e-mailed when `send` says so. A restricted login identifier's
 * refusal gets the same explanation as in preview (the flags `check` read may lag behind).
 */
async function newLink(
  mailbox: MailboxRef,
  checked: Checked,
): Promise<Pick<State, "key" | "shortUrl" | "expiresAt">> {
  const client = apiClient();
  let link: InvitationEntry;
  try {
    link = await client.mailboxAccesses.createInvitation(mailbox, {
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
  if (checked.send)
    await client.mailboxAccesses.sendInvitation(mailbox, link.key, checked.email, checked.language);
  return { key: link.key, shortUrl: link.shortUrl, expiresAt: iso(link.expiresAt) };
}

/** Statuses with which the API declines to change a pending link in place (the link is then replaced). */
const LINK_CHANGE_DECLINED = new Set([400, 405, 501]);

/**
 * New rights for a pending link: in place where its PATCH can say them (the guest is not e-mailed
 * twice); else, or when the API declines, a new link replaces it. A link accepted meanwhile is an
 * access by now: its rights are set there.
 */
async function changePendingLink(old: State, checked: Checked): Promise<State> {
  const client = apiClient();
  const mailbox = { mailHostingId: old.mailHostingId, mailboxName: old.mailbox };
  const next: State = { ...old, ...checked, lastWriteAt: Date.now() };
  if (changeableInPlace(old.permissions, checked.permissions)) {
    try {
      await client.mailboxAccesses.updateInvitation(mailbox, old.key, checked.permissions);
      return next;
    } catch (error) {
      if (!(error instanceof InfomaniakApiError) || !LINK_CHANGE_DECLINED.has(error.status ?? 0)) throw error;
    }
  }
  const live = liveState(old, await client.mailboxAccesses.freshSharing(mailbox));
  if (live?.status === "accepted" && live.acceptedUserId !== null) {
    await client.mailboxAccesses.update(mailbox, live.acceptedUserId, checked.permissions);
    return { ...next, status: "accepted", acceptedUserId: live.acceptedUserId };
  }
  if (live === undefined) {
    throw new ResourceError(
      "invalid_state",
      `The invitation link of ${old.email} to ${old.address} is gone (revoked or declined outside this stack): run \`pulumi refresh\`, then \`pulumi up\` to invite them again`,
    );
  }
  const link = await newLink(mailbox, checked);
  await client.mailboxAccesses.revokeInvitation(mailbox, old.key);
  return { ...next, ...link, status: "pending" };
}

export const externalInvitation: ResourceImplementation = {
  async check(olds, news) {
    const declaration = parseDeclaration(Declared, news);
    if (declaration.kind === "invalid") return { failures: declaration.failures };
    if (declaration.kind === "partial") return { inputs: declaration.inputs };
    const { declared } = declaration;
    const resolved = await resolve(declared);
    if (Array.isArray(resolved)) return { failures: resolved };
    const ref = { mailHostingId: resolved.target.mailHostingId, mailboxName: resolved.target.mailboxName };
    // What `create` would refuse (adoption_required), said in preview from the listing it reads.
    if (!declared.adopt && isFirstCheck(olds) && (await heldBy(ref, declared)) !== undefined)
      return {
        failures: [
          failure(
            "adopt",
            adoptionMessage(declared.email, resolved.target.address, wordingFor(declared.declaredIn)),
          ),
        ],
      };
    const existing = await existingOnAdoption(olds, declared.adopt, () => heldBy(ref, declared));
    const checked: Checked = {
      mailHostingId: resolved.target.mailHostingId,
      mailbox: resolved.target.mailboxName,
      accountId: resolved.target.accountId,
      address: resolved.target.address,
      email: declared.email,
      ...(declared.firstName !== undefined ? { firstName: declared.firstName } : {}),
      ...(declared.lastName !== undefined ? { lastName: declared.lastName } : {}),
      ...(declared.preset ? { preset: declared.preset } : {}),
      permissions: resolved.permissions,
      send: declared.send ?? true,
      language: declared.language ?? resolved.target.language,
      onExpiry: declared.onExpiry ?? "report",
      ...(declared.adopt !== undefined ? { adopt: declared.adopt } : {}),
      ...(declared.review ? { review: declared.review } : {}),
      ...(declared.declaredIn ? { declaredIn: declared.declaredIn } : {}),
      ...existing,
    };
    return { inputs: checked };
  },

  diff(id, olds, news) {
    const old = State.parse(withoutProvider(olds));
    const next = withoutProvider(news);
    const replaces: string[] = (["mailHostingId", "mailbox", "email"] as const).filter(
      (key) =>
        isUnknown(next[key]) ||
        (key === "email"
          ? String(next[key]).toLowerCase() !== old.email.toLowerCase()
          : next[key] !== old[key]),
    );
    const permissionsChanged =
      isUnknown(next["permissions"]) || !samePermissions(next["permissions"] ?? {}, old.permissions);
    // A pending link's new rights are an update: in place where its PATCH can say them, else by a new
    // link in the same update (changePendingLink). Not a replacement: a replacement is checked as a new
    // resource, which would find the very link it replaces.
    if (isExpired(old)) {
      if (next["onExpiry"] === "reinvite") replaces.push("expiresAt");
      else
        warn(
          `The invitation of ${old.email} to ${old.address} (${id}) expired on ${old.expiresAt}: onExpiry is "report", so nothing is re-sent`,
        );
    }
    // One pending link per address and mailbox: the old link goes before the new one is made.
    return Promise.resolve({
      changes: replaces.length > 0 || permissionsChanged || reviewChanged(next["review"], old.review),
      replaces,
      deleteBeforeReplace: replaces.length > 0,
    });
  },

  async create(inputs) {
    const checked = Checked.parse(withoutProvider(inputs));
    const resolved = await resolve(checked);
    if (Array.isArray(resolved)) throw ResourceError.fromFailures(resolved);
    const { target } = resolved;
    const client = apiClient();
    const mailbox = { mailHostingId: target.mailHostingId, mailboxName: target.mailboxName };
    const base = {
      ...checked,
      family: target.family,
      lastWriteAt: Date.now(),
    };
    const sharing = await client.mailboxAccesses.sharing(mailbox);
    const email = checked.email.toLowerCase();
    const existingAccess = sharing.accesses.find((a) => a.email.toLowerCase() === email);
    // An expired link is dead: it does not stand in the way of a new one.
    const existingLink = sharing.invitations.find(
      (i) => i.sentTo.toLowerCase() === email && i.expiresAt * 1000 > Date.now(),
    );
    if ((existingAccess || existingLink) && !checked.adopt)
      throw new ResourceError(
        "adoption_required",
        adoptionMessage(checked.email, target.address, wordingFor(checked.declaredIn)),
      );
    if (existingAccess) {
      if (!samePermissions(existingAccess.permissions, checked.permissions)) {
        await client.mailboxAccesses.update(mailbox, existingAccess.userId, checked.permissions);
      }
      const state: State = {
        ...base,
        key: `adopted-${existingAccess.userId}`,
        shortUrl: "",
        status: "accepted",
        expiresAt: iso(0),
        acceptedUserId: existingAccess.userId,
      };
      return { id: idOf(state), outs: state };
    }
    const link = existingLink
      ? { key: existingLink.key, shortUrl: existingLink.shortUrl, expiresAt: iso(existingLink.expiresAt) }
      : await newLink(mailbox, checked);
    const state: State = { ...base, ...link, status: "pending", acceptedUserId: null };
    return { id: idOf(state), outs: state };
  },

  async read(id, props) {
    const parsed = State.safeParse(withoutProvider(props));
    if (!parsed.success) {
      throw new ResourceError(
        "invalid_id",
        `ExternalInvitation ${id} cannot be read without its state: import is not supported, use \`adopt: true\``,
      );
    }
    const state = parsed.data;
    const mailbox = { mailHostingId: state.mailHostingId, mailboxName: state.mailbox };
    const sharing = await settledSharing(
      apiClient(),
      mailbox,
      state.lastWriteAt,
      (s) => liveState(state, s) !== undefined,
    );
    const live = liveState(state, sharing);
    if (!live) return { id: "" };
    return { id, props: live, inputs: Checked.parse(live) };
  },

  async update(_id, olds, news) {
    const old = State.parse(withoutProvider(olds));
    const checked = Checked.parse(withoutProvider(news));
    const mailbox = { mailHostingId: old.mailHostingId, mailboxName: old.mailbox };
    // A change of the review alone is nothing to tell Infomaniak.
    if (samePermissions(checked.permissions, old.permissions))
      return { outs: { ...old, ...checked, lastWriteAt: Date.now() } satisfies State };
    if (old.status === "accepted" && old.acceptedUserId !== null) {
      await apiClient()
        .mailboxAccesses.update(mailbox, old.acceptedUserId, checked.permissions)
        .catch((error: unknown) => {
          throw ResourceError.ifGone(error, `The access of ${old.email} to ${old.address}`);
        });
      return { outs: { ...old, ...checked, lastWriteAt: Date.now() } satisfies State };
    }
    return { outs: await changePendingLink(old, checked) };
  },

  async delete(_id, props) {
    const state = State.parse(withoutProvider(props));
    const client = apiClient();
    const mailbox = { mailHostingId: state.mailHostingId, mailboxName: state.mailbox };
    if (state.status !== "accepted") {
      // Revoking an answered link is a no-op (404); then the link may have become an access.
      await client.mailboxAccesses.revokeInvitation(mailbox, state.key);
    }
    const live = liveState(state, await client.mailboxAccesses.freshSharing(mailbox));
    const acceptedBy = live?.status === "accepted" ? live.acceptedUserId : state.acceptedUserId;
    if (acceptedBy !== null) await client.mailboxAccesses.revoke(mailbox, acceptedBy);
  },
};
