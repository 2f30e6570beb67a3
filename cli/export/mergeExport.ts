import type { Document, Pair, YAMLSeq } from "yaml";
import { isMap, isNode, isScalar, isSeq, parseDocument, YAMLMap } from "yaml";
import { samePermissions } from "../../provider/api/accessFamilies/accessFamily";
import type { AccessFamily } from "../../provider/permissions";
import { mailboxKey, mailboxName } from "../../provider/fields/addresses";
import { acknowledges } from "../../provider/fields/review";
import { emailKey } from "../../provider/people";
import { expandPermissions } from "../../provider/permissions";
import { OrganisationSpecError, parseOrganisationSpec } from "../../sdk/organisationSpec/load";
import type {
  GrantSpec,
  HostingEntry,
  InvitationSpec,
  MailboxSpec,
  MemberSpec,
  OrganisationSpec,
} from "../../sdk/organisationSpec/schema";
import { hostingEntries } from "../../sdk/organisationSpec/schema";

/**
 * `export --merge`: brings a spec that people have reviewed (reasons, owners, dates, modes, comments,
 * offboardings) up to date with what the organisation holds now, editing the file's YAML document
 * rather than writing it anew, so that everything nobody has to change stays byte for byte.
 */

export type MergeChangeKind = "added" | "removed" | "changed" | "kept";

/** One line of the merge's report: what changed in the file, or (`kept`) what was left as it is, and why. */
export interface MergeChange {
  kind: MergeChangeKind;
  text: string;
}

export interface MergeInput {
  /** The spec file's text, as people left it. */
  text: string;
  /** Its path, for messages. */
  file: string;
  /** The organisation as it is now: exportOrganisation's spec. */
  live: OrganisationSpec;
  /**
   * Each live mailbox's access family, by `mailboxKey(hosting, name)` (exportOrganisation's
   * `families`): rights compare by what they grant on it. A mailbox left out compares on both.
   */
  families?: Readonly<Record<string, AccessFamily>>;
  /** Whether `live` holds every mail hosting of the organisation: only then is a hosting it lacks gone. */
  allHostings: boolean;
}

export interface MergeResult {
  /** The merged text (the input itself when nothing but `kept` notes came out). */
  text: string;
  /** The merged text, validated. */
  spec: OrganisationSpec;
  changes: MergeChange[];
  /** Whether anything was added, removed or changed: otherwise there is nothing to write. */
  edited: boolean;
}

export class MergeError extends Error {
  override readonly name = "MergeError";
  readonly code = "merge_refused";
}

/** How a change reads on the command's output: `added: grant … on support (manager)`. */
export function changeLine(change: MergeChange): string {
  return `${change.kind}: ${change.text}`;
}

/**
 * The spec a merge starts from: valid, and about the organisation asked for. The command checks it
 * before any request, so that a wrong folder costs nothing.
 */
export function mergeableSpec(text: string, file: string, accountId: number): OrganisationSpec {
  const spec = parseOrganisationSpec(text, file);
  const declared = spec.organisation.accountId;
  if (declared !== accountId)
    throw new MergeError(
      `${file} declares organisation ${declared}, not ${accountId}: merge it with --account ${declared}, or export organisation ${accountId} into another folder`,
    );
  return spec;
}

type EntryKind = "grant" | "invitation";
type Rights = Pick<GrantSpec, "preset" | "permissions">;

/** A mailbox's grant or invitation, by the address it is for, with its node when it is in the file. */
interface Entry {
  kind: EntryKind;
  who: string;
  spec: GrantSpec | InvitationSpec;
}
interface FileEntry extends Entry {
  node: YAMLMap;
}

/** Where the entries being merged are: the mailbox's label in the report, its family and its lists. */
interface MailboxAt {
  label: string;
  family: AccessFamily | undefined;
  mode: MailboxSpec["mode"];
  acknowledged: MailboxSpec["acknowledged"];
  lists: Record<EntryKind, YAMLSeq>;
}

interface Merge {
  doc: Document;
  file: string;
  /** People whose member entry is `state: removed` (offboarded), by emailKey. */
  offboarded: ReadonlySet<string>;
  families: Readonly<Record<string, AccessFamily>>;
  note: (kind: MergeChangeKind, text: string) => void;
  /** Lists the merge made where the file left them out: still empty at the end, they are dropped. */
  made: { owner: YAMLMap; key: string; list: YAMLSeq }[];
}

const LIST_KEY = { grant: "grants", invitation: "invitations" } as const satisfies Record<EntryKind, string>;
const RIGHTS_KEYS: readonly unknown[] = ["preset", "permissions"];

function editError(file: string, where: string): MergeError {
  return new MergeError(
    `${file}: ${where} is not written as a plain YAML list or mapping (an alias, a tag?), so the merge cannot edit it: write it out, or export into another folder and compare`,
  );
}

/** The list under `key`, made when the file leaves it out (defaults need not be written). */
function listIn(m: Merge, owner: YAMLMap, key: string, where: string): YAMLSeq {
  const found: unknown = owner.get(key, true);
  if (isSeq(found)) return found;
  if (found !== undefined) throw editError(m.file, where);
  const list = m.doc.createNode([]);
  owner.set(key, list);
  m.made.push({ owner, key, list });
  return list;
}

/** A list's items as mappings: as many as the validated spec holds, in its order. */
function mapsOf(m: Merge, list: YAMLSeq, count: number, where: string): YAMLMap[] {
  const maps = list.items.filter((item): item is YAMLMap => isMap(item));
  if (maps.length !== list.items.length || maps.length !== count) throw editError(m.file, where);
  return maps;
}

function append(doc: Document, list: YAMLSeq, value: unknown): YAMLMap {
  // An empty list is written `[]` (export writes `grants: []`): filled, it reads better as a block.
  if (list.items.length === 0) list.flow = false;
  const node = doc.createNode(value);
  if (!(node instanceof YAMLMap)) throw new MergeError("a spec entry to add is not a mapping");
  list.items.push(node);
  return node;
}

function removeFrom(list: YAMLSeq, gone: ReadonlySet<unknown>): void {
  if (gone.size > 0) list.items = list.items.filter((item) => !gone.has(item));
}

function keyOf(pair: Pair): unknown {
  return isScalar(pair.key) ? pair.key.value : pair.key;
}

/** `manager`, `delegate +can_access_logs`, or the rights themselves when there is no preset. */
function rightsText(rights: Rights): string {
  const explicit = Object.entries(rights.permissions ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (rights.preset) return [rights.preset, ...explicit.map(([n, on]) => `${on ? "+" : "-"}${n}`)].join(" ");
  const granted = explicit.filter(([, on]) => on).map(([name]) => name);
  return granted.length > 0 ? granted.join(", ") : "no management rights";
}

/** Whether two ways of writing rights grant the same (on both families when the mailbox's is unknown). */
function sameRights(family: AccessFamily | undefined, a: Rights, b: Rights): boolean {
  const expand = (f: AccessFamily, r: Rights) => expandPermissions(f, r.preset, r.permissions ?? {});
  const families: AccessFamily[] = family ? [family] : ["webmail", "legacy"];
  return families.every((f) => samePermissions(expand(f, a), expand(f, b)));
}

/** Writes new rights where the old ones were written; preset to preset changes the value alone (its comment stays). */
function setRights(doc: Document, node: YAMLMap, rights: Rights): void {
  const preset = node.items.find((pair) => keyOf(pair) === "preset");
  if (rights.preset && !rights.permissions && !node.has("permissions") && isScalar(preset?.value)) {
    preset.value.value = rights.preset;
    return;
  }
  const at = node.items.findIndex((pair) => RIGHTS_KEYS.includes(keyOf(pair)));
  node.items = node.items.filter((pair) => !RIGHTS_KEYS.includes(keyOf(pair)));
  const pairs = [
    ...(rights.preset ? [doc.createPair("preset", rights.preset)] : []),
    ...(rights.permissions ? [doc.createPair("permissions", rights.permissions)] : []),
  ];
  node.items.splice(at === -1 ? Math.min(1, node.items.length) : at, 0, ...pairs);
}

/**
 * What becomes of the entry of someone who is no longer in the organisation:
 * - active (the default): removed. Kept, it would make the next `up` invite them back.
 * - `unmanaged`: removed too. The state only kept the stack's hands off them (retainOnDelete), so
 *   dropping the entry touches nothing at Infomaniak, while keeping it would declare, and so
 *   re-invite, someone who left.
 * - `removed` (offboarded): kept. It records a reviewer's decision, which a re-export must not undo:
 *   should they come back, their access is not declared again until someone deletes the entry.
 */
function goneMember(member: MemberSpec): MergeChange {
  const { email, state } = member;
  if (state === "removed")
    return {
      kind: "kept",
      text: `member ${email} (state: removed): no longer in the organisation, the offboarding is complete; delete the entry when its record is no longer wanted`,
    };
  if (state === "unmanaged")
    return {
      kind: "removed",
      text: `member ${email} (state: unmanaged; no longer in the organisation: the stack forgets them, nothing at Infomaniak changes)`,
    };
  return { kind: "removed", text: `member ${email} (no longer in the organisation)` };
}

/**
 * Members: an entry whose person is still in the organisation stays exactly as written (its state,
 * names and comments are people's decisions, not the API's); see goneMember for those who left;
 * members the file does not know yet are appended as export writes them.
 */
function mergeMembers(m: Merge, root: YAMLMap, file: readonly MemberSpec[], live: readonly MemberSpec[]) {
  const list = listIn(m, root, "members", "members");
  const nodes = mapsOf(m, list, file.length, "members");
  const liveKeys = new Set(live.map((member) => emailKey(member.email)));
  const gone = new Set<unknown>();
  file.forEach((member, i) => {
    if (liveKeys.has(emailKey(member.email))) return;
    const change = goneMember(member);
    m.note(change.kind, change.text);
    if (change.kind === "removed") gone.add(nodes[i]);
  });
  removeFrom(list, gone);
  const fileKeys = new Set(file.map((member) => emailKey(member.email)));
  for (const member of live.filter((x) => !fileKeys.has(emailKey(x.email)))) {
    append(m.doc, list, member);
    m.note("added", `member ${member.email} (${member.role ?? "normal"})`);
  }
}

function entriesOf(mailbox: Pick<MailboxSpec, "grants" | "invitations">): Entry[] {
  return [
    ...mailbox.grants.map((spec) => ({ kind: "grant" as const, who: spec.member, spec })),
    ...mailbox.invitations.map((spec) => ({ kind: "invitation" as const, who: spec.email, spec })),
  ];
}

function findFor<T extends Entry>(entries: readonly T[], who: string): T | undefined {
  return entries.find((entry) => emailKey(entry.who) === emailKey(who));
}

/**
 * The file's entries against the live ones. Same person, same kind: the entry stays (review fields,
 * adopt, comments), its rights follow the live ones when they grant something else. Gone: removed.
 * Same person, other kind (a guest who joined, a member who left but kept access): removed here and
 * returned, so that the live entry that replaces it keeps its review. An offboarded member's entry
 * stays as it is while they still have access: the next `up` revokes it.
 */
function mergeFileEntries(m: Merge, at: MailboxAt, file: readonly FileEntry[], live: readonly Entry[]) {
  const gone = new Set<unknown>();
  const switched: FileEntry[] = [];
  for (const held of file) {
    const now = findFor(live, held.who);
    if (now && m.offboarded.has(emailKey(held.who))) {
      m.note(
        "kept",
        `${held.kind} ${held.who} on ${at.label} as the file has it: they are offboarded (state: removed), so the next up revokes it`,
      );
    } else if (!now) {
      gone.add(held.node);
      m.note("removed", `${held.kind} ${held.who} on ${at.label} (no longer at Infomaniak)`);
    } else if (now.kind !== held.kind) {
      gone.add(held.node);
      switched.push(held);
    } else if (!sameRights(at.family, held.spec, now.spec)) {
      setRights(m.doc, held.node, now.spec);
      m.note(
        "changed",
        `rights of ${held.who} on ${at.label}: ${rightsText(held.spec)} → ${rightsText(now.spec)}`,
      );
    }
  }
  removeFrom(at.lists.grant, gone);
  removeFrom(at.lists.invitation, gone);
  return switched;
}

/** Why a live entry of someone offboarded (`state: removed`) is not added back. */
function offboardedNote(at: MailboxAt, who: string): string {
  return `${who} still has access to ${at.label} but is offboarded (state: removed): not added back; revoke it in the Manager, or make ${at.label} authoritative`;
}

/**
 * Whether the mailbox's acknowledged list names this person: someone a reviewer chose to know of
 * without declaring (a colleague in transition), whom a re-export must not turn into a declared grant.
 */
function isAcknowledged(at: MailboxAt, who: string): boolean {
  return (at.acknowledged ?? []).some((ack) => acknowledges(ack.who, { email: who }));
}

/** What a reviewer should know about an entry added to a mailbox that is not additive. */
function modeHint(at: MailboxAt): string {
  if (at.mode === "authoritative")
    return `; ${at.label} is authoritative: delete the entry and up revokes this access`;
  if (at.mode === "report-only")
    return `; ${at.label} is report-only: delete the entry and the report lists it as undeclared`;
  return "";
}

const REVIEW_KEYS = ["reason", "owner", "reviewAfter", "expiresAt"] as const;

/** A review written for an entry moves to its replacement as it was written (quotes, comments). */
function carryReview(from: YAMLMap, to: YAMLMap): void {
  for (const key of REVIEW_KEYS) {
    const value: unknown = from.get(key, true);
    if (isNode(value)) to.set(key, value.clone());
  }
}

/** The live entries the file lacks, appended as export writes them (a switched entry keeps its review). */
function addLiveEntries(
  m: Merge,
  at: MailboxAt,
  file: readonly Entry[],
  live: readonly Entry[],
  switched: readonly FileEntry[],
) {
  for (const now of live) {
    const held = findFor(file, now.who);
    if (held?.kind === now.kind) continue;
    if (m.offboarded.has(emailKey(now.who))) {
      // An entry of the other kind is still in the file, left as it is (and reported so).
      if (!held) m.note("kept", offboardedNote(at, now.who));
      continue;
    }
    const before = findFor(switched, now.who);
    if (!before && isAcknowledged(at, now.who)) {
      m.note("kept", `${now.who}'s access to ${at.label} stays acknowledged, not declared`);
      continue;
    }
    const node = append(m.doc, at.lists[now.kind], now.spec);
    if (before) {
      carryReview(before.node, node);
      m.note(
        "changed",
        `${now.who} on ${at.label}: ${before.kind} → ${now.kind} (${now.kind === "grant" ? "now" : "no longer"} a member; reason, owner and dates kept)`,
      );
    } else m.note("added", `${now.kind} ${now.who} on ${at.label} (${rightsText(now.spec)})${modeHint(at)}`);
  }
}

/** One mailbox's grants and invitations; its mode, acknowledged list and comments are left alone. */
function mergeSharing(
  m: Merge,
  node: YAMLMap,
  at: Omit<MailboxAt, "lists">,
  file: MailboxSpec,
  live: MailboxSpec,
) {
  const where = (key: string) => `${key} of mailbox ${at.label}`;
  const lists = {
    grant: listIn(m, node, LIST_KEY.grant, where(LIST_KEY.grant)),
    invitation: listIn(m, node, LIST_KEY.invitation, where(LIST_KEY.invitation)),
  };
  const nodes = [
    ...mapsOf(m, lists.grant, file.grants.length, where(LIST_KEY.grant)),
    ...mapsOf(m, lists.invitation, file.invitations.length, where(LIST_KEY.invitation)),
  ];
  const fileEntries = entriesOf(file).map((entry, i) => {
    const entryNode = nodes[i];
    if (!entryNode) throw editError(m.file, where("the entries"));
    return { ...entry, node: entryNode };
  });
  const liveEntries = entriesOf(live);
  const here = { ...at, lists };
  const switched = mergeFileEntries(m, here, fileEntries, liveEntries);
  addLiveEntries(m, here, fileEntries, liveEntries, switched);
}

function labelOf(hosting: Pick<HostingEntry, "mailHostingId" | "primary">, name: string): string {
  // As in resource names: the first hosting's mailboxes by name, the others' with their hosting.
  return hosting.primary ? name : `${hosting.mailHostingId}/${name}`;
}

function sameMailbox(a: string, b: string): boolean {
  return mailboxName(a).toLowerCase() === mailboxName(b).toLowerCase();
}

function mailboxAt(m: Merge, hosting: HostingEntry, mailbox: MailboxSpec): Omit<MailboxAt, "lists"> {
  const name = mailboxName(mailbox.name);
  return {
    label: labelOf(hosting, name),
    family: m.families[mailboxKey(hosting.mailHostingId, name)],
    mode: mailbox.mode,
    acknowledged: mailbox.acknowledged,
  };
}

function sharingCount(mailbox: MailboxSpec): string {
  const n = mailbox.grants.length + mailbox.invitations.length;
  return n === 0 ? "" : `, with its ${n} grant${n === 1 ? "" : "s"} and invitation${n === 1 ? "" : "s"}`;
}

/**
 * One hosting's mailboxes, matched by name: a mailbox still there keeps its mode, acknowledged list
 * and comments while its sharing is merged; one that is gone is removed; a new one is appended,
 * its entries reported one by one (they are new access to review).
 */
function mergeMailboxes(m: Merge, list: YAMLSeq, hosting: HostingEntry, live: readonly MailboxSpec[]) {
  const nodes = mapsOf(
    m,
    list,
    hosting.mailboxes.length,
    `the mailboxes of mail hosting ${hosting.mailHostingId}`,
  );
  const gone = new Set<unknown>();
  hosting.mailboxes.forEach((mailbox, i) => {
    const at = mailboxAt(m, hosting, mailbox);
    const now = live.find((x) => sameMailbox(x.name, mailbox.name));
    const node = nodes[i];
    if (now && node) mergeSharing(m, node, at, mailbox, now);
    else {
      gone.add(node);
      m.note("removed", `mailbox ${at.label} (no longer at Infomaniak${sharingCount(mailbox)})`);
    }
  });
  removeFrom(list, gone);
  for (const mailbox of live.filter((x) => !hosting.mailboxes.some((y) => sameMailbox(x.name, y.name)))) {
    const empty: MailboxSpec = { ...mailbox, grants: [], invitations: [] };
    const node = append(m.doc, list, empty);
    const at = mailboxAt(m, hosting, mailbox);
    m.note("added", `mailbox ${at.label} (${mailbox.mode})`);
    mergeSharing(m, node, at, empty, mailbox);
  }
}

/** The list a hosting's mailboxes are written in: the top-level one, or its entry's under mailHostings. */
function mailboxList(m: Merge, root: YAMLMap, hosting: HostingEntry): YAMLSeq {
  const index = hosting.path[1];
  const owner = typeof index === "number" ? root.getIn(["mailHostings", index], true) : root;
  if (!isMap(owner)) throw editError(m.file, `mail hosting ${hosting.mailHostingId}`);
  return listIn(m, owner, "mailboxes", `the mailboxes of mail hosting ${hosting.mailHostingId}`);
}

/**
 * The hostings, matched by id. One that is gone is removed when the export read every hosting of the
 * organisation (with --mail-hosting, the others were not read and stay as they are), except the
 * spec's first, which names the organisation's resources: that needs a person's choice.
 */
function mergeHostings(m: Merge, root: YAMLMap, before: OrganisationSpec, input: MergeInput) {
  const live = hostingEntries(input.live);
  const gone = new Set<unknown>();
  for (const hosting of hostingEntries(before)) {
    const now = live.find((h) => h.mailHostingId === hosting.mailHostingId);
    if (now) mergeMailboxes(m, mailboxList(m, root, hosting), hosting, now.mailboxes);
    else if (input.allHostings) gone.add(goneHosting(m, root, hosting, before));
  }
  const known = new Set(hostingEntries(before).map((h) => h.mailHostingId));
  const added = live.filter((h) => !known.has(h.mailHostingId));
  if (gone.size === 0 && added.length === 0) return;
  const list = listIn(m, root, "mailHostings", "mailHostings");
  removeFrom(list, gone);
  for (const hosting of added) {
    const node = append(m.doc, list, { mailHostingId: hosting.mailHostingId, mailboxes: [] });
    m.note("added", `mail hosting ${hosting.mailHostingId}`);
    const mailboxes = listIn(m, node, "mailboxes", `the mailboxes of mail hosting ${hosting.mailHostingId}`);
    mergeMailboxes(m, mailboxes, { ...hosting, mailboxes: [], primary: false }, hosting.mailboxes);
  }
  // A one-hosting spec has no mailHostings list (as export writes it).
  if (list.items.length === 0) root.delete("mailHostings");
}

function goneHosting(m: Merge, root: YAMLMap, hosting: HostingEntry, before: OrganisationSpec) {
  const { accountId } = before.organisation;
  if (hosting.primary)
    throw new MergeError(
      `${m.file}: mail hosting ${hosting.mailHostingId} (organisation.mailHostingId) is no longer in organisation ${accountId}: move another hosting's mailboxes to the top of the spec and set its id there, or merge one hosting with --mail-hosting N`,
    );
  m.note(
    "removed",
    `mail hosting ${hosting.mailHostingId} and its mailboxes (no longer in organisation ${accountId})`,
  );
  return root.getIn(hosting.path.slice(0, 2), true);
}

/**
 * Merges the live organisation (`exportOrganisation`'s spec) into a spec file's text: pure, so that
 * the rules above are tested on text. The result is validated as a spec; a merge that would not be
 * valid is refused (nothing to write), naming the problems.
 */
export function mergeExport(input: MergeInput): MergeResult {
  const { text, file, live } = input;
  const before = mergeableSpec(text, file, live.organisation.accountId);
  const doc = parseDocument(text);
  const root = doc.contents;
  if (!isMap(root)) throw editError(file, "the spec");
  const changes: MergeChange[] = [];
  const m: Merge = {
    doc,
    file,
    offboarded: new Set(before.members.filter((x) => x.state === "removed").map((x) => emailKey(x.email))),
    families: input.families ?? {},
    note: (kind, line) => changes.push({ kind, text: line }),
    made: [],
  };
  mergeMembers(m, root, before.members, live.members);
  mergeHostings(m, root, before, input);
  for (const { owner, key, list } of m.made) if (list.items.length === 0) owner.delete(key);
  const edited = changes.some((change) => change.kind !== "kept");
  // No line width: the lines people wrote stay as they wrote them.
  const merged = edited ? doc.toString({ lineWidth: 0 }) : text;
  try {
    return { text: merged, spec: parseOrganisationSpec(merged, file), changes, edited };
  } catch (error) {
    if (!(error instanceof OrganisationSpecError)) throw error;
    throw new MergeError(
      `the merged spec would not be valid, so ${file} was left as it is:\n${error.message}`,
    );
  }
}
