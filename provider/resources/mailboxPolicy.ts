import { z } from "zod";
import type { MailboxRef, MailboxSharing } from "../api/accessFamilies/accessFamily";
import { apiClient, warn } from "../runtime";
import type { ResourceImplementation } from "../resourceImplementation";
import {
  AccountId,
  AcknowledgedInput,
  acknowledges,
  EmailInput,
  MailHostingId,
  MailboxInput,
  POLICY_MODES,
  failure,
  isUnknown,
  parseDeclaration,
  withoutProvider,
} from "./inputs";
import { isFailure, resolveMailboxTarget } from "./mailboxTarget";
import { ResourceError } from "./resourceError";
import { DeclaredIn } from "./wording";

const Mode = z.enum(POLICY_MODES, {
  error:
    'mode is "authoritative" (access not declared in the program is revoked) or "report-only" (it is only reported)',
});

const Declared = z.strictObject(
  {
    mailHostingId: MailHostingId,
    mailbox: MailboxInput,
    /** The organisation the mail hosting is expected in: checked first, in preview. */
    accountId: AccountId.optional(),
    mode: Mode,
    managedEmails: z.array(EmailInput, { error: "managedEmails is a list of e-mail addresses" }).default([]),
    managedUserIds: z
      .array(z.number().int().positive().nullable(), {
        error: "managedUserIds is a list of Infomaniak user ids (null entries are ignored)",
      })
      .default([]),
    acknowledged: z
      .array(AcknowledgedInput, { error: "acknowledged is a list of { who, reason, owner }" })
      .default([]),
    declaredIn: DeclaredIn.optional(),
  },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys" ? `unknown input: ${issue.keys.join(", ")}` : undefined,
  },
);
type Declared = z.infer<typeof Declared>;

/**
 * Someone who can open the mailbox without being declared: an access or a pending link (revocable),
 * a team, or a listing item of a kind this provider does not know (both shown, never revoked: what
 * it cannot identify it does not remove). `permissions` is null where the listing did not show them.
 */
const Unmanaged = z.object({
  kind: z.enum(["access", "invitation", "team", "unknown"]),
  email: z.string(),
  userId: z.number().nullable(),
  key: z.string().nullable(),
  teamId: z.number().nullable().default(null),
  /** Who it is, for people to read: the address, `team 7 (Sales)`, or the unknown item's keys. */
  label: z.string().default(""),
  permissions: z.record(z.string(), z.boolean()).nullable(),
});
export type Unmanaged = z.infer<typeof Unmanaged>;

/** What authoritative mode may revoke: people it can identify, never a team or an unknown item. */
function revocable(entry: Unmanaged): boolean {
  return entry.kind === "access" || entry.kind === "invitation";
}

const Checked = z.object({
  mailHostingId: z.number(),
  mailbox: z.string(),
  /** Known from check onwards: state written by 0.1 has neither. */
  accountId: z.number().optional(),
  address: z.string().optional(),
  mode: Mode,
  managedEmails: z.array(z.string()),
  managedUserIds: z.array(z.number().nullable()),
  acknowledged: z.array(AcknowledgedInput).default([]),
  /** What the mailbox's live listing holds beyond the declaration, when `check` ran. */
  unmanaged: z.array(Unmanaged),
});
type Checked = z.infer<typeof Checked>;

const State = Checked.extend({ address: z.string() });
type State = z.infer<typeof State>;

function unmanagedIn(sharing: MailboxSharing, managed: Pick<Declared, "managedEmails" | "managedUserIds">) {
  const emails = new Set(managed.managedEmails.map((e) => e.toLowerCase()));
  const userIds = new Set(managed.managedUserIds);
  const person = { teamId: null, key: null };
  const accesses: Unmanaged[] = sharing.accesses
    .filter((a) => !userIds.has(a.userId) && !emails.has(a.email.toLowerCase()))
    .map((a) => ({
      ...person,
      kind: "access",
      email: a.email,
      userId: a.userId,
      label: a.email,
      permissions: a.permissions,
    }));
  const links: Unmanaged[] = sharing.invitations
    .filter((i) => i.expiresAt * 1000 > Date.now() && !emails.has(i.sentTo.toLowerCase()))
    .map((i) => ({
      ...person,
      kind: "invitation",
      email: i.sentTo,
      userId: null,
      key: i.key,
      label: i.sentTo || "an unsent link",
      permissions: i.permissions,
    }));
  const teams: Unmanaged[] = sharing.teams.map((t) => ({
    kind: "team",
    email: "",
    userId: null,
    key: null,
    teamId: t.teamId,
    label: `team ${t.teamId}${t.name ? ` (${t.name})` : ""}`,
    permissions: t.permissions,
  }));
  const unknown: Unmanaged[] = sharing.unknownItems.map((u) => ({
    ...person,
    kind: "unknown",
    email: "",
    userId: null,
    label: `an item of unknown kind (${u.keys.join(", ") || "no keys"})`,
    permissions: null,
  }));
  return [...accesses, ...links, ...teams, ...unknown];
}

/** Acknowledged people an authoritative mailbox would revoke all the same: the preview says so. */
function contradictedAcknowledgements(declared: Declared, unmanaged: readonly Unmanaged[]) {
  if (declared.mode !== "authoritative") return [];
  return declared.acknowledged.flatMap((ack, i) =>
    unmanaged.some((u) => revocable(u) && acknowledges(ack.who, u))
      ? [
          failure(
            `acknowledged[${i}]`,
            `${ack.who} is acknowledged, but an authoritative mailbox revokes access it does not declare: declare it (a grant or an invitation), or use mode report-only while it stays undeclared`,
          ),
        ]
      : [],
  );
}

/** The same people, whatever the order. */
function sameUnmanaged(a: readonly Unmanaged[], b: readonly Unmanaged[]): boolean {
  const keys = (list: readonly Unmanaged[]) =>
    list
      .map((u) => `${u.kind}:${u.userId ?? u.key ?? u.teamId ?? u.label}:${JSON.stringify(u.permissions)}`)
      .sort()
      .join("\n");
  return keys(a) === keys(b);
}

/**
 * Authoritative: revoke whatever is undeclared now (a fresh listing, not the one `check` saw); teams
 * and unknown items stay, and say so. Returns what is still there that nobody declared.
 */
async function enforce(checked: Checked, address: string): Promise<Unmanaged[]> {
  const client = apiClient();
  const mailbox: MailboxRef = { mailHostingId: checked.mailHostingId, mailboxName: checked.mailbox };
  const unmanaged = unmanagedIn(await client.mailboxAccesses.freshSharing(mailbox), checked);
  if (checked.mode === "report-only") return unmanaged;
  for (const entry of unmanaged) {
    if (!revocable(entry)) {
      warn(
        `${address}: ${entry.label} also has access; this provider does not manage it, so it is left as it is`,
      );
      continue;
    }
    if (entry.userId !== null) await client.mailboxAccesses.revoke(mailbox, entry.userId);
    if (entry.key !== null) await client.mailboxAccesses.revokeInvitation(mailbox, entry.key);
  }
  return unmanaged.filter((entry) => !revocable(entry));
}

/**
 * A mailbox whose sharing the program declares completely. `authoritative` revokes every access and
 * pending link not declared; `report-only` only lists them (the `unmanaged` output, and the permission
 * report), so that what authoritative mode would remove is seen in preview first.
 */
export const mailboxPolicy: ResourceImplementation = {
  async check(_olds, news) {
    const raw = withoutProvider(news);
    // A managed id still unknown (an invitation not created yet): decided at apply time.
    if (Array.isArray(raw["managedUserIds"]) && raw["managedUserIds"].some(isUnknown)) return { inputs: raw };
    const declaration = parseDeclaration(Declared, raw);
    if (declaration.kind === "invalid") return { failures: declaration.failures };
    if (declaration.kind === "partial") return { inputs: declaration.inputs };
    const { declared } = declaration;
    const client = apiClient();
    const target = await resolveMailboxTarget(client, declared);
    if (isFailure(target)) return { failures: [target] };
    const sharing = await client.mailboxAccesses.sharing({
      mailHostingId: target.mailHostingId,
      mailboxName: target.mailboxName,
    });
    const unmanaged = unmanagedIn(sharing, declared);
    const contradicted = contradictedAcknowledgements(declared, unmanaged);
    if (contradicted.length > 0) return { failures: contradicted };
    const checked: Checked = {
      mailHostingId: target.mailHostingId,
      mailbox: target.mailboxName,
      accountId: target.accountId,
      address: target.address,
      mode: declared.mode,
      managedEmails: declared.managedEmails,
      managedUserIds: declared.managedUserIds,
      acknowledged: declared.acknowledged,
      unmanaged,
    };
    return { inputs: checked };
  },

  diff(_id, olds, news) {
    const old = State.parse(withoutProvider(olds));
    const next = withoutProvider(news);
    const replaces = (["mailHostingId", "mailbox"] as const).filter(
      (key) => isUnknown(next[key]) || next[key] !== old[key],
    );
    const unmanaged = Checked.shape.unmanaged.safeParse(next["unmanaged"]);
    // Authoritative: anything undeclared is to be revoked, even if a refresh already recorded it.
    const changes =
      replaces.length > 0 ||
      next["mode"] !== old.mode ||
      !unmanaged.success ||
      (next["mode"] === "authoritative" && unmanaged.data.some(revocable)) ||
      !sameUnmanaged(unmanaged.data, old.unmanaged);
    return Promise.resolve({ changes, replaces });
  },

  async create(inputs) {
    const checked = Checked.parse(withoutProvider(inputs));
    const client = apiClient();
    const target = await resolveMailboxTarget(client, checked);
    if (isFailure(target)) throw ResourceError.fromFailures([target]);
    const state: State = {
      ...checked,
      address: target.address,
      unmanaged: await enforce(checked, target.address),
    };
    return { id: `${checked.mailHostingId}/${checked.mailbox}/policy`, outs: state };
  },

  async read(id, props) {
    const parsed = State.safeParse(withoutProvider(props));
    if (!parsed.success) {
      throw new ResourceError(
        "invalid_id",
        `MailboxPolicy ${id} cannot be read without its state: declare it again instead of importing it`,
      );
    }
    const state = parsed.data;
    const sharing = await apiClient().mailboxAccesses.sharing({
      mailHostingId: state.mailHostingId,
      mailboxName: state.mailbox,
    });
    const live: State = { ...state, unmanaged: unmanagedIn(sharing, state) };
    return { id, props: live, inputs: Checked.parse(live) };
  },

  async update(_id, olds, news) {
    const old = State.parse(withoutProvider(olds));
    const checked = Checked.parse(withoutProvider(news));
    return { outs: { ...old, ...checked, unmanaged: await enforce(checked, old.address) } satisfies State };
  },

  delete() {
    // The policy only governs: removing it leaves the mailbox's sharing as it is.
    return Promise.resolve();
  },
};
