import type { AccessRow, ComparedAccess } from "./compareAccess";
import type { HeldAccessRead } from "./heldAccess";
import type { MatrixSection } from "../shared/htmlMatrix";
import { csvSheet } from "../shared/escape/csv";
import { markdownText } from "../shared/escape/markdown";
import { markdownTable } from "../shared/markdownTable";
import { renderHtmlMatrix } from "../shared/htmlMatrix";
import { emailKey } from "../../provider/people";

export const ACCESS_VIEWS = ["mailbox", "person"] as const;
export type AccessView = (typeof ACCESS_VIEWS)[number];

/** What is listed: what was read, and, when it was compared with declarations, how each access stands. */
export type AccessList = HeldAccessRead | ComparedAccess;

const compared = (list: AccessList): list is ComparedAccess => "declaredElsewhere" in list;

function rightsText(a: AccessRow): string {
  if (a.standing === "not held") return "";
  if (a.rights === null) return "not shown by Infomaniak";
  return a.rights.length > 0 ? a.rights.join(", ") : "read and send only";
}

/** The entries in the view's order: by mailbox (organisation, mailbox, who) or by person (who, organisation, mailbox). */
export function sortedFor(view: AccessView, entries: readonly AccessRow[]): AccessRow[] {
  const key = (a: AccessRow) => {
    const org = String(a.organisation.id).padStart(12, "0");
    const who = emailKey(a.who);
    return view === "mailbox"
      ? `${org}\u0000${a.mailbox}\u0000${who}`
      : `${who}\u0000${org}\u0000${a.mailbox}`;
  };
  // Each key once, not once per comparison.
  const keyed = entries.map((a) => ({ a, k: key(a) }));
  return keyed.sort((x, y) => (x.k < y.k ? -1 : x.k > y.k ? 1 : 0)).map(({ a }) => a);
}

/** Only what one person can open (by address, without regard to case). */
export function forPerson<T extends AccessList>(list: T, person: string): T {
  return { ...list, entries: list.entries.filter((a) => emailKey(a.who) === emailKey(person)) };
}

/** The columns of the comparison with declarations: the review sheet's. */
const REVIEW_COLUMNS: [string, (a: AccessRow) => string][] = [
  ["Standing", (a) => a.standing ?? ""],
  ["Reason", (a) => a.declaration?.reason ?? ""],
  ["Owner", (a) => a.declaration?.owner ?? ""],
  ["Review after", (a) => a.declaration?.reviewAfter ?? ""],
  ["Expires", (a) => a.declaration?.expiresAt ?? ""],
  ["Declared in", (a) => a.declaration?.declaredIn ?? ""],
];

function table(list: AccessList, columns: [string, (a: AccessRow) => string][], rows: AccessRow[]): string[] {
  const all = [...columns, ...(compared(list) ? REVIEW_COLUMNS : [])];
  return markdownTable(
    all.map(([name]) => name),
    rows.map((a) => all.map(([, of]) => of(a))),
  );
}

function groups<K>(entries: readonly AccessRow[], keyOf: (a: AccessRow) => K): [K, AccessRow[]][] {
  const map = new Map<K, AccessRow[]>();
  for (const a of entries) map.set(keyOf(a), [...(map.get(keyOf(a)) ?? []), a]);
  return [...map];
}

const AS: [string, (a: AccessRow) => string][] = [
  ["As", (a) => a.kind],
  ["Rights", rightsText],
  ["Until", (a) => a.until ?? ""],
];

function byMailbox(list: AccessList): string[] {
  return groups(sortedFor("mailbox", list.entries), (a) => a.organisation.id).flatMap(([, inOrg]) => [
    `## ${markdownText(inOrg[0]?.organisation.name ?? "")} (organisation ${inOrg[0]?.organisation.id ?? ""})`,
    "",
    ...groups(inOrg, (a) => a.mailbox).flatMap(([mailbox, holders]) => [
      `### ${markdownText(mailbox)}`,
      "",
      ...table(list, [["Who", (a) => a.who], ...AS], holders),
    ]),
  ]);
}

function byPerson(list: AccessList): string[] {
  return groups(sortedFor("person", list.entries), (a) => emailKey(a.who)).flatMap(([, held]) => [
    `### ${markdownText(held[0]?.who ?? "")}`,
    "",
    ...table(
      list,
      [
        ["Organisation", (a) => `${a.organisation.name} (${a.organisation.id})`],
        ["Mailbox", (a) => a.mailbox],
        ...AS,
      ],
      held,
    ),
  ]);
}

/** What was read, so that an empty view says what it covers instead of implying "nobody anywhere"; plain text. */
function scope(list: AccessList): string {
  const orgs = list.organisations.map((o) => `${o.name} (${o.id})`).join(", ") || "none";
  const elsewhere =
    compared(list) && list.declaredElsewhere > 0
      ? ` ${list.declaredElsewhere} declaration(s) concern mail hostings that were not read.`
      : "";
  return `Read: ${list.organisations.length} organisation(s) (${orgs}), ${list.mailboxes.length} mailbox(es), with GET requests only.${elsewhere}`;
}

/** The view as Markdown: per organisation and mailbox, or per person; for one person, what they can open. */
export function renderAccessMarkdown(list: AccessList, view: AccessView, person?: string): string {
  const title = person ? `# What ${markdownText(person)} can open` : `# Who can open what, by ${view}`;
  const body =
    list.entries.length === 0
      ? [
          person
            ? `${markdownText(person)} can open no mailbox in what was read.`
            : "Nobody can open any mailbox in what was read.",
          "",
        ]
      : view === "mailbox"
        ? byMailbox(list)
        : byPerson(list);
  return [title, "", markdownText(scope(list)), "", ...body].join("\n");
}

/**
 * One row per person (or team, or link) and mailbox, sorted for the view; rights separated by `;`.
 * Compared with declarations, it is the access-review sheet: each row's standing, reason, owner and dates.
 */
export function renderAccessCsv(list: AccessList, view: AccessView): string {
  const columns: [string, (a: AccessRow) => string][] = [
    ["organisation_id", (a) => String(a.organisation.id)],
    ["organisation", (a) => a.organisation.name],
    ["mailbox", (a) => a.mailbox],
    ["who", (a) => a.who],
    ["as", (a) => a.kind],
    [
      "rights",
      (a) =>
        a.rights === null
          ? a.standing === "not held"
            ? ""
            : "(not shown)"
          : a.rights.join(";") || "read and send only",
    ],
    ["until", (a) => a.until ?? ""],
    ...(compared(list)
      ? REVIEW_COLUMNS.map(([name, of]): [string, (a: AccessRow) => string] => [
          name.toLowerCase().replace(/ /g, "_"),
          of,
        ])
      : []),
  ];
  const rows = sortedFor(view, list.entries).map((a) => columns.map(([, of]) => of(a)));
  return csvSheet([columns.map(([name]) => name), ...rows]);
}

export function renderAccessJson(list: AccessList, view: AccessView, person?: string): string {
  return `${JSON.stringify({ view, ...(person ? { person } : {}), ...list, entries: sortedFor(view, list.entries) }, null, 2)}\n`;
}

/** The list as a page: per organisation, a person × mailbox matrix with the rights (and standing) in each cell. */
export function renderAccessHtml(list: AccessList, person?: string): string {
  const entries: readonly AccessRow[] = list.entries;
  const sections: MatrixSection[] = list.organisations.map((o) => ({
    title: `${o.name} (organisation ${o.id})`,
    cells: entries
      .filter((a) => a.organisation.id === o.id)
      .map((a) => ({
        person: a.who,
        mailbox: a.mailbox,
        text: rightsText(a) || "—",
        note: [a.kind, ...(a.standing ? [a.standing] : []), ...(a.until ? [`until ${a.until}`] : [])].join(
          ", ",
        ),
      })),
  }));
  return renderHtmlMatrix(person ? `What ${person} can open` : "Who can open what", scope(list), sections);
}
