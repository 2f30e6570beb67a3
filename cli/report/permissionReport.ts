import { z } from "zod";
import type { Review } from "../../provider/fields/review";
import { linkReplacement, replacesPendingLink } from "../../provider/resources/externalInvitation/rules";
import {
  Checked as LinkChecked,
  State as LinkState,
} from "../../provider/resources/externalInvitation/schema";
import { Checked as GrantChecked, State as GrantState } from "../../provider/resources/mailboxAccess/schema";
import { Checked as PolicyChecked } from "../../provider/resources/mailboxPolicy/schema";
import { mailboxKey } from "../../provider/fields/addresses";
import { grantedRights } from "../../provider/permissions";
import { acknowledges, hasEnded } from "../../provider/fields/review";
import type { KindRole } from "../../provider/resourceKinds";
import { KINDS, kindOfType } from "../../provider/resourceKinds";
import { scopeOfUrn } from "../shared/resourceEnvelope";
import type { Effect } from "./effects";
import { effectsOf } from "./effects";
import type { Membership } from "./membershipChanges";
import { membershipChanges } from "./membershipChanges";
import type { PolicyNote } from "./policyNotes";
import { policyNotes, rulesOn } from "./policyNotes";
import type { PolicyFinding, Step } from "../shared/previewSteps";
import { nameOf, readState } from "../shared/previewSteps";

/**
 * What a run means for people: per mailbox, who gains, loses or changes rights, with the grant's
 * reason and owner; organisation membership changes; grants due for review. Built from the engine's
 * steps alone.
 */
export const FACT_KINDS = ["gains", "loses", "changes", "unmanaged", "drift"] as const;
export type FactKind = (typeof FACT_KINDS)[number];

export interface Fact {
  kind: FactKind;
  /** The organisation (account) of the mailbox, where the run knows it. */
  organisation?: number;
  /** The mailbox's address; `name (mail hosting N)` only where no step of the run knows it. */
  mailbox: string;
  who: string;
  via: "grant" | "invitation" | "policy";
  /** Rights granted after the change (gains, changes), or before it (loses: all of them go). */
  permissions: string[];
  added: string[];
  removed: string[];
  note: string;
  review?: Review;
  /** An undeclared access the policy acknowledges: the drift gate passes it. */
  acknowledged?: { reason: string; owner: string };
  resource: string;
  /** The policy pack's rules this resource breaks, with their enforcement level. */
  policy?: string[];
  /** What a policy's undeclared entry is: an access, or a pending link (see the effects). */
  entry?: "access" | "invitation" | "team" | "unknown";
  /**
   * A guest's pending link, where the fact is about one: one created or cancelled, or a new one
   * replacing it (`replaced`); whether a new one is e-mailed (`sent`).
   */
  link?: { replaced: boolean; sent: boolean };
}

/** `review-due`: past reviewAfter; `end-date-passed`: past the grant's expiresAt (not a link's expiry). */
export type FlagKind = "review-due" | "end-date-passed";

export interface Flag {
  mailbox: string;
  who: string;
  flags: FlagKind[];
  review: Review;
  resource: string;
}

/** Which stack and organisations the run is about, from the steps' URNs and resources. */
export interface ReportScope {
  project: string | undefined;
  stack: string | undefined;
  organisations: number[];
}

export interface PermissionReport {
  scope: ReportScope;
  facts: Fact[];
  membership: Membership;
  flags: Flag[];
  /** Creations that adopt what exists with the same rights: nobody gains anything. */
  adoptedUnchanged: number;
  summary: Record<FactKind, number>;
  /** Undeclared access that no policy acknowledges: what trips the drift gate with `drift`. */
  unacknowledged: number;
  /** What `up` does at Infomaniak, effect by effect (see cli/report/effects.ts). */
  effects: Effect[];
  /** Whether the run would remove access (a CI gate). */
  removesAccess: boolean;
  /** Whether a refresh found drift, or a mailbox holds access nobody declared or acknowledged. */
  driftFound: boolean;
  /** The policy packs' violations, each on its resource (engine events only carry them). */
  policy: PolicyNote[];
  /** A mandatory violation: `up` refuses the change until it is fixed. */
  blockedByPolicy: boolean;
  /** Set when the report was built from part of a run (`--allow-incomplete`): why. */
  incomplete?: string;
}

/**
 * The properties the report reads, as the resources' own schemas define them (any of them may be
 * missing from a step); everything else in a step is ignored.
 */
const Sharing = z
  .looseObject({
    ...GrantChecked.pick({
      accountId: true,
      mailHostingId: true,
      mailbox: true,
      address: true,
      userEmail: true,
      userId: true,
      permissions: true,
      adopt: true,
      review: true,
      existing: true,
    }).shape,
    ...LinkChecked.pick({ email: true, send: true }).shape,
    // A grant's status or a link's: the report reads a link's `pending` (see replacementNote).
    status: z.union([LinkState.shape.status, GrantState.shape.status]),
    ...PolicyChecked.pick({ mode: true, unmanaged: true, acknowledged: true }).shape,
  })
  .partial();
type Sharing = z.infer<typeof Sharing>;

/** How a resource of each role gives access to a mailbox, if it does (a member and the probe do not). */
const VIA = {
  member: undefined,
  grant: "grant",
  invitation: "invitation",
  policy: "policy",
  probe: undefined,
} as const satisfies Record<KindRole, "grant" | "invitation" | "policy" | undefined>;

function kindOf(type: string) {
  const kind = kindOfType(type);
  return kind && VIA[KINDS[kind].role];
}

/** A mailbox's key: its hosting and name (a declared address is reduced to its name). */
function mailboxOf(s: Sharing): string {
  return mailboxKey(s.mailHostingId, s.mailbox);
}

/** A step of one of this provider's sharing resources, read once. */
interface SharingStep {
  step: Step;
  via: "grant" | "invitation" | "policy";
  before: Sharing | undefined;
  after: Sharing | undefined;
}

/**
 * The sharing steps, with one step per policy: its last (in `preview --refresh`, the change that
 * follows the refresh shows the same undeclared entries again).
 */
function sharingSteps(steps: readonly Step[]): SharingStep[] {
  const read = steps.flatMap((step) => {
    const via = kindOf(step.type);
    return via
      ? [{ step, via, before: readState(Sharing, step, step.old), after: readState(Sharing, step, step.new) }]
      : [];
  });
  return read.filter(
    (s, i) => s.via !== "policy" || !read.slice(i + 1).some((later) => later.step.urn === s.step.urn),
  );
}

function addressesOf(steps: readonly SharingStep[]): Map<string, string> {
  const addresses = new Map<string, string>();
  for (const { before, after } of steps) {
    for (const s of [before, after]) {
      if (s?.address) addresses.set(mailboxOf(s), s.address);
    }
  }
  return addresses;
}

function whoOf(s: Sharing): string {
  return s.userEmail ?? s.email ?? (s.userId !== undefined ? `user ${s.userId}` : "?");
}

/** Dates are `YYYY-MM-DD`: text order is date order. */
function isPast(date: string, today: string): boolean {
  return date < today;
}

/** `urn:pulumi:<stack>::<project>::…` */
function scopeOf(steps: readonly Step[], accountIds: (number | undefined)[]): ReportScope {
  const { stack, project } = scopeOfUrn(steps[0]?.urn ?? "");
  return {
    project,
    stack,
    organisations: [...new Set(accountIds.filter((id): id is number => id !== undefined))].sort(),
  };
}

type NewFact = Omit<Fact, "added" | "removed" | "note"> & Partial<Pick<Fact, "added" | "removed" | "note">>;

/** Undeclared entries of a policy: revoked (authoritative), or shown; acknowledged ones say so. */
function policyFacts(policy: Sharing, resource: string): NewFact[] {
  return (policy.unmanaged ?? []).map((u) => {
    // A team or an item of unknown kind is never revoked: it stays, whatever the mode.
    const kept = u.kind === "team" || u.kind === "unknown";
    const revoked = policy.mode === "authoritative" && !kept;
    const who = u.label || u.email || `user ${u.userId ?? "?"}`;
    const ack = revoked ? undefined : policy.acknowledged?.find((a) => acknowledges(a.who, u));
    const base = kept
      ? `not declared: ${u.kind === "team" ? "a team" : "an item of a kind this provider does not know"}, shown and left as it is in every mode`
      : revoked
        ? `not declared on an authoritative mailbox: revoked (${u.kind})`
        : `not declared: authoritative mode would revoke it (${u.kind})`;
    return {
      kind: revoked ? "loses" : "unmanaged",
      ...(policy.accountId !== undefined ? { organisation: policy.accountId } : {}),
      mailbox: mailboxOf(policy),
      who,
      via: "policy",
      permissions: grantedRights(u.permissions ?? undefined),
      entry: u.kind,
      note: ack ? `acknowledged; ${base}` : base,
      ...(ack ? { acknowledged: { reason: ack.reason, owner: ack.owner } } : {}),
      resource,
    };
  });
}

function reviewFlag(current: Sharing, resource: string, today: string): Flag | undefined {
  if (!current.review) return undefined;
  const due: FlagKind[] = [];
  if (isPast(current.review.reviewAfter, today)) due.push("review-due");
  if (hasEnded(current.review, today)) due.push("end-date-passed");
  return due.length > 0
    ? { mailbox: mailboxOf(current), who: whoOf(current), flags: due, review: current.review, resource }
    : undefined;
}

/** What every fact about one grant or invitation says: where, who, by which way, and why. */
function factBase(x: Sharing, via: SharingStep["via"], resource: string) {
  return {
    ...(x.accountId !== undefined ? { organisation: x.accountId } : {}),
    mailbox: mailboxOf(x),
    who: whoOf(x),
    via,
    resource,
    ...(x.review ? { review: x.review } : {}),
  };
}

/** A refresh that found rights changed or the access gone (an invitation being accepted is not drift). */
function driftFacts({ step, via, before, after }: SharingStep, resource: string): NewFact[] {
  if (!step.drift || !before) return [];
  const lost = step.drift === "delete";
  const change = diffRights(before.permissions, after?.permissions);
  if (!lost && change.added.length + change.removed.length === 0) return [];
  return [
    {
      kind: "drift",
      ...factBase(before, via, resource),
      permissions: grantedRights((lost ? before : (after ?? before)).permissions),
      ...(lost ? {} : change),
      note: lost
        ? "removed outside this stack: the next up restores it"
        : "rights changed outside this stack: the next up sets the declared ones again",
    },
  ];
}

/** A creation: someone gains access, unless it adopts what they hold (then only a change of rights counts). */
function creationFacts(after: Sharing, via: SharingStep["via"], resource: string): NewFact[] {
  const base = { ...factBase(after, via, resource), permissions: grantedRights(after.permissions) };
  if (after.adopt && after.existing?.permissions === null)
    return [
      {
        kind: "changes",
        ...base,
        note: "adopted: Infomaniak did not show the rights held, so the declared ones are set",
      },
    ];
  if (after.adopt && after.existing) {
    const change = diffRights(after.existing.permissions ?? undefined, after.permissions);
    return change.added.length + change.removed.length === 0
      ? []
      : [{ kind: "changes", ...base, ...change, note: "adopted" }];
  }
  if (via !== "invitation") return [{ kind: "gains", ...base, note: "" }];
  const sent = after.send !== false;
  return [
    {
      kind: "gains",
      ...base,
      note: sent ? "invited by link" : "invited by link, not e-mailed (send: false)",
      link: { replaced: false, sent },
    },
  ];
}

/** An update or replacement: moved to another mailbox or person, or rights changed. */
function changeFacts({ step, via, before, after }: SharingStep, resource: string): NewFact[] {
  if (!before || !after) return [];
  if (mailboxOf(before) !== mailboxOf(after) || whoOf(before) !== whoOf(after))
    return [
      {
        kind: "loses",
        ...factBase(before, via, resource),
        permissions: grantedRights(before.permissions),
        note: "moved",
        ...pendingLinkOf(via, before),
      },
      {
        kind: "gains",
        ...factBase(after, via, resource),
        permissions: grantedRights(after.permissions),
        note: "moved",
        ...(via === "invitation" ? { link: { replaced: false, sent: after.send !== false } } : {}),
      },
    ];
  const change = diffRights(before.permissions, after.permissions);
  if (change.added.length + change.removed.length === 0) return [];
  return [
    {
      kind: "changes",
      ...factBase(after, via, resource),
      permissions: grantedRights(after.permissions),
      ...change,
      ...linkReplacementOf(step, via, before, after),
    },
  ];
}

/** What an invitation that goes was: a link nobody accepted yet (cancelled), else an access (revoked). */
function pendingLinkOf(via: SharingStep["via"], before: Sharing): Pick<Fact, "link"> {
  return via === "invitation" && before.status !== "accepted"
    ? { link: { replaced: false, sent: false } }
    : {};
}

/** A rights change that replaces a pending link says so, and who gets the new link (see replacesPendingLink). */
function linkReplacementOf(
  step: Step,
  via: SharingStep["via"],
  before: Sharing,
  after: Sharing,
): Pick<Fact, "note" | "link"> {
  if (via !== "invitation") return { note: "" };
  const sent = after.send !== false;
  if (step.op === "replace")
    return { note: "a new invitation link replaces the old one", link: { replaced: true, sent } };
  const link = { status: before.status ?? "", permissions: before.permissions ?? {} };
  if (!replacesPendingLink(link, after)) return { note: "" };
  return { note: `link replaced: ${linkReplacement(whoOf(before), sent)}`, link: { replaced: true, sent } };
}

/** What one grant's or invitation's step does to a person's rights. */
function accessFacts(s: SharingStep, resource: string, today: string): NewFact[] {
  const { step, via, before, after } = s;
  if (step.op === "refresh") return driftFacts(s, resource);
  if (step.op === "create") return after ? creationFacts(after, via, resource) : [];
  if (step.op === "delete")
    return before
      ? [
          {
            kind: "loses",
            ...factBase(before, via, resource),
            permissions: grantedRights(before.permissions),
            // A spec no longer declares what has ended (its onExpiry: revoke): say why it goes.
            note: hasEnded(before.review, today) ? `expired on ${before.review?.expiresAt ?? ""}` : "",
            ...pendingLinkOf(via, before),
          },
        ]
      : [];
  if (step.op === "update" || step.op === "replace") return changeFacts(s, resource);
  return [];
}

/**
 * In `preview --refresh`, a resource that drifted has its refresh step, then the step that puts it
 * back: one fact, the drift, saying this up restores it. A change beyond the restoring stays a fact.
 */
function foldRestores(facts: Fact[], steps: readonly SharingStep[]): Fact[] {
  const refreshes = new Map(
    steps.filter((s) => s.step.op === "refresh" && s.step.drift).map((s) => [nameOf(s.step.urn), s]),
  );
  const drifts = new Map(facts.filter((f) => f.kind === "drift").map((f) => [f.resource, f]));
  return facts.filter((f) => {
    const drift = drifts.get(f.resource);
    const refresh = refreshes.get(f.resource);
    if (!drift || !refresh || f === drift) return true;
    const lost = refresh.step.drift === "delete";
    const restores = lost
      ? f.kind === "gains"
      : grantedRights(refresh.before?.permissions).join() === f.permissions.join();
    if (restores)
      drift.note = lost
        ? "removed outside this stack: this up restores it"
        : "rights changed outside this stack: this up sets the declared ones again";
    return !restores;
  });
}

/** Each step's facts and review flags, and how many adoptions change nothing. */
function draftFacts(read: readonly SharingStep[], today: string) {
  const drafted: NewFact[] = [];
  const flags: Flag[] = [];
  let adoptedUnchanged = 0;
  for (const s of read) {
    const resource = nameOf(s.step.urn);
    const current = s.after ?? s.before;
    if (s.via === "policy") {
      if (current && s.step.op !== "delete") drafted.push(...policyFacts(current, resource));
      continue;
    }
    const flag = current && s.step.op !== "delete" ? reviewFlag(current, resource, today) : undefined;
    if (flag) flags.push(flag);
    const facts = accessFacts(s, resource, today);
    if (s.step.op === "create" && s.after?.adopt && s.after.existing && facts.length === 0)
      adoptedUnchanged++;
    drafted.push(...facts);
  }
  return { drafted, flags, adoptedUnchanged };
}

/** The policy findings as notes on their resources' mailboxes, and each fact's rules broken. */
function placePolicyFindings(
  findings: readonly PolicyFinding[],
  read: readonly SharingStep[],
  facts: Fact[],
): PolicyNote[] {
  const notes = policyNotes(findings, (urn) => {
    const s = read.find((r) => r.step.urn === urn);
    const current = s && (s.after ?? s.before);
    return current && { mailbox: mailboxOf(current), who: s.via === "policy" ? "" : whoOf(current) };
  });
  for (const fact of facts) {
    const rules = rulesOn(notes, fact.resource);
    if (rules.length > 0) fact.policy = rules;
  }
  return notes;
}

export function buildPermissionReport(
  steps: readonly Step[],
  today: string,
  findings: readonly PolicyFinding[] = [],
): PermissionReport {
  const read = sharingSteps(steps);
  const { drafted, flags, adoptedUnchanged } = draftFacts(read, today);
  const folded = foldRestores(
    drafted.map((f) => ({ added: [], removed: [], note: "", ...f })),
    read,
  );

  const notes = placePolicyFindings(findings, read, folded);
  const addresses = addressesOf(read);
  const label = (key: string) => {
    const [hosting, name] = key.split("/");
    return addresses.get(key) ?? `${name ?? "?"} (mail hosting ${hosting ?? "?"})`;
  };
  for (const item of [...folded, ...flags, ...notes.filter((n) => n.mailbox)])
    item.mailbox = label(item.mailbox);
  // A grant removed from an authoritative mailbox is also undeclared there: one fact, the grant's.
  const unique = folded.filter(
    (f, i) =>
      f.via !== "policy" ||
      !folded.some((g, j) => j !== i && g.via !== "policy" && g.mailbox === f.mailbox && g.who === f.who),
  );
  const order = (f: Fact) => `${f.mailbox}\u0000${FACT_KINDS.indexOf(f.kind)}\u0000${f.who}`;
  unique.sort((a, b) => order(a).localeCompare(order(b)));
  const summary = Object.fromEntries(
    FACT_KINDS.map((k) => [k, unique.filter((f) => f.kind === k).length]),
  ) as Record<FactKind, number>;
  const membership = membershipChanges(steps);
  const unacknowledged = unique.filter((f) => f.kind === "unmanaged" && !f.acknowledged).length;
  const accountIds = [
    ...read.flatMap((s) => [s.before?.accountId, s.after?.accountId]),
    ...membership.changes.map((c) => c.organisation),
  ];
  return {
    scope: scopeOf(steps, accountIds),
    facts: unique,
    membership,
    flags: flags.sort((a, b) => `${a.mailbox} ${a.who}`.localeCompare(`${b.mailbox} ${b.who}`)),
    adoptedUnchanged,
    summary,
    unacknowledged,
    effects: effectsOf(unique, membership),
    removesAccess: summary.loses > 0,
    driftFound: summary.drift > 0 || unacknowledged > 0,
    policy: notes,
    blockedByPolicy: notes.some((n) => n.level === "mandatory"),
  };
}

function diffRights(
  before: Record<string, boolean> | undefined,
  after: Record<string, boolean> | undefined,
): { added: string[]; removed: string[] } {
  const was = new Set(grantedRights(before));
  const now = new Set(grantedRights(after));
  return { added: [...now].filter((p) => !was.has(p)), removed: [...was].filter((p) => !now.has(p)) };
}
