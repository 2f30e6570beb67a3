import type { HeldAccess, HeldAccessRead } from "./heldAccess";
import { emailKey } from "../provider/people";

export const ACCESS_VIEWS = ["mailbox", "person"] as const;
export type AccessView = (typeof ACCESS_VIEWS)[number];

const rightsText = (a: HeldAccess) =>
  a.rights === null
    ? "not shown by Infomaniak"
    : a.rights.length > 0
      ? a.rights.join(", ")
      : "read and send only";

/** The entries in the view's order: by mailbox (organisation, mailbox, who) or by person (who, organisation, mailbox). */
export function sortedFor(view: AccessView, entries: readonly HeldAccess[]): HeldAccess[] {
  const key = (a: HeldAccess) => {
    const org = String(a.organisation.id).padStart(12, "0");
    const who = emailKey(a.who);
    return view === "mailbox"
      ? `${org}\u0000${a.mailbox}\u0000${who}`
      : `${who}\u0000${org}\u0000${a.mailbox}`;
  };
  return [...entries].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Only what one person can open (by address, without regard to case). */
export function forPerson(read: HeldAccessRead, person: string): HeldAccessRead {
  return { ...read, entries: read.entries.filter((a) => emailKey(a.who) === emailKey(person)) };
}

function cell(text: string): string {
  return text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|") || "—";
}

function table(header: string[], rows: string[][]): string[] {
  const row = (cells: string[]) => `| ${cells.map(cell).join(" | ")} |`;
  return [row(header), row(header.map(() => "---")), ...rows.map(row), ""];
}

function groups<K>(entries: readonly HeldAccess[], keyOf: (a: HeldAccess) => K): [K, HeldAccess[]][] {
  const map = new Map<K, HeldAccess[]>();
  for (const a of entries) map.set(keyOf(a), [...(map.get(keyOf(a)) ?? []), a]);
  return [...map];
}

function byMailbox(read: HeldAccessRead): string[] {
  return groups(sortedFor("mailbox", read.entries), (a) => a.organisation.id).flatMap(([, inOrg]) => [
    `## ${inOrg[0]?.organisation.name ?? ""} (organisation ${inOrg[0]?.organisation.id ?? ""})`,
    "",
    ...groups(inOrg, (a) => a.mailbox).flatMap(([mailbox, holders]) => [
      `### ${mailbox}`,
      "",
      ...table(
        ["Who", "As", "Rights", "Until"],
        holders.map((a) => [a.who, a.kind, rightsText(a), a.until ?? ""]),
      ),
    ]),
  ]);
}

function byPerson(read: HeldAccessRead): string[] {
  return groups(sortedFor("person", read.entries), (a) => emailKey(a.who)).flatMap(([, held]) => [
    `### ${held[0]?.who ?? ""}`,
    "",
    ...table(
      ["Organisation", "Mailbox", "As", "Rights", "Until"],
      held.map((a) => [
        `${a.organisation.name} (${a.organisation.id})`,
        a.mailbox,
        a.kind,
        rightsText(a),
        a.until ?? "",
      ]),
    ),
  ]);
}

/** What was read, so that an empty view says what it covers instead of implying "nobody anywhere". */
function scope(read: HeldAccessRead): string {
  const orgs = read.organisations.map((o) => `${o.name} (${o.id})`).join(", ") || "none";
  return `Read: ${read.organisations.length} organisation(s) (${orgs}), ${read.mailboxes} mailbox(es), with GET requests only.`;
}

/** The view as Markdown: per organisation and mailbox, or per person; for one person, what they can open. */
export function renderAccessMarkdown(read: HeldAccessRead, view: AccessView, person?: string): string {
  const title = person ? `# What ${person} can open` : `# Who can open what, by ${view}`;
  const body =
    read.entries.length === 0
      ? [
          person
            ? `${person} can open no mailbox in what was read.`
            : "Nobody can open any mailbox in what was read.",
          "",
        ]
      : view === "mailbox"
        ? byMailbox(read)
        : byPerson(read);
  return [title, "", scope(read), "", ...body].join("\n");
}

const CSV_COLUMNS = ["organisation_id", "organisation", "mailbox", "who", "as", "rights", "until"] as const;

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One row per person (or team, or link) and mailbox, sorted for the view; rights separated by `;`. */
export function renderAccessCsv(read: HeldAccessRead, view: AccessView): string {
  const rows = sortedFor(view, read.entries).map((a) => [
    String(a.organisation.id),
    a.organisation.name,
    a.mailbox,
    a.who,
    a.kind,
    a.rights === null ? "(not shown)" : a.rights.join(";") || "read and send only",
    a.until ?? "",
  ]);
  return `${[[...CSV_COLUMNS], ...rows].map((r) => r.map(csvField).join(",")).join("\r\n")}\r\n`;
}

export function renderAccessJson(read: HeldAccessRead, view: AccessView, person?: string): string {
  return `${JSON.stringify({ view, ...(person ? { person } : {}), ...read, entries: sortedFor(view, read.entries) }, null, 2)}\n`;
}
