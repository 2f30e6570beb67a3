import type { ComparedAccess } from "../../cli/access/compareAccess";
import { renderAccessCsv, renderAccessHtml, renderAccessMarkdown } from "../../cli/access/renderAccess";
import type { Inspection } from "../../cli/doctor/inspectApi";
import { renderDoctor } from "../../cli/doctor/renderDoctor";
import { verdicts } from "../../cli/doctor/verdicts";
import type { PlanResult } from "../../cli/plan/combinedReport";
import { renderPlanMarkdown } from "../../cli/plan/combinedReport";
import { csvCell } from "../../cli/shared/escape/csv";
import { markdownCode } from "../../cli/shared/escape/markdown";
import { terminalText } from "../../provider/terminalText";
import type { PermissionReport } from "../../cli/report/permissionReport";
import { buildPermissionReport } from "../../cli/report/permissionReport";
import { parsePreviewOutput } from "../../cli/shared/previewSteps";
import { renderMarkdown } from "../../cli/report/renderMarkdown";
import { renderReportHtml } from "../../cli/report/renderHtml";
import { htmlStructure, htmlText, renderGfm, withoutAddressLinks } from "../support/gfm";
import type { Names } from "../support/hostileNames";
import { CONTROL, HARMLESS, HOSTILE, HOSTILE_NAMES } from "../support/hostileNames";

const review = (n: Names) => ({ reason: n.reason, owner: n.owner, reviewAfter: "2026-01-31" });

/** A report in which every text a name can reach holds one: mailboxes, people, teams, notes, policy. */
function report(n: Names): PermissionReport {
  const fact = { mailbox: n.mailbox, via: "grant" as const, added: [], removed: [], resource: n.team };
  return {
    scope: { project: n.team, stack: n.organisation, organisations: [100] },
    facts: [
      {
        ...fact,
        kind: "gains",
        who: n.owner,
        permissions: ["can_manage_filters"],
        note: "",
        review: review(n),
      },
      { ...fact, kind: "loses", who: n.recipient, permissions: [], note: n.reason, policy: [n.team] },
      { ...fact, kind: "unmanaged", who: `team 7 (${n.team})`, permissions: [], note: n.reason },
      { ...fact, kind: "drift", who: n.recipient, permissions: [], note: "", acknowledged: review(n) },
    ],
    membership: {
      changes: [
        { change: "invited", who: n.owner, organisation: 100, role: n.team, note: n.reason, resource: "" },
      ],
      adopted: 0,
    },
    flags: [{ mailbox: n.mailbox, who: n.recipient, flags: ["review-due"], review: review(n), resource: "" }],
    adoptedUnchanged: 0,
    summary: { gains: 1, loses: 1, changes: 0, unmanaged: 1, drift: 1 },
    unacknowledged: 1,
    effects: [
      {
        effect: "link replaced",
        mailbox: n.mailbox,
        who: n.recipient,
        added: ["can_manage_rules"],
        removed: [],
        emailedTo: n.recipient,
        because: n.reason,
        resource: n.team,
      },
      { effect: "access revoked", mailbox: n.mailbox, who: n.owner, because: n.team, resource: n.team },
    ],
    removesAccess: true,
    driftFound: true,
    policy: [
      {
        mailbox: n.mailbox,
        who: n.recipient,
        resource: n.team,
        rule: n.reason,
        level: "mandatory",
        message: n.owner,
      },
    ],
    blockedByPolicy: true,
    incomplete: n.reason,
  };
}

const URN = "urn:pulumi:prod::orgs::infomaniak:index:Organisation$pulumi-nodejs:dynamic/infomaniak";

/** A step as `pulumi preview --json` prints it. */
function step(op: string, name: string, type: string, old?: object, next?: object) {
  const urn = `${URN}:${type}::${name}`;
  const state = (inputs: object) => ({
    urn,
    type: `pulumi-nodejs:dynamic/infomaniak:${type}`,
    inputs,
    outputs: inputs,
  });
  return {
    op,
    urn,
    provider: "urn:pulumi:prod::orgs::pulumi:providers:pulumi-nodejs::default",
    ...(old ? { oldState: state(old) } : {}),
    ...(next ? { newState: state(next) } : {}),
  };
}

/** The report `report --preview` makes of an engine preview: a grant and a link from a spec, a team the API lists. */
function reportOfPreview(n: Names): PermissionReport {
  const base = { mailHostingId: 10, mailbox: "shared", address: n.mailbox };
  const team = {
    kind: "team",
    email: "",
    userId: null,
    teamId: 7,
    label: `team 7 (${n.team})`,
    permissions: {},
  };
  const steps = [
    step("create", "acme/shared/grant/alice", "MailboxAccess", undefined, {
      ...base,
      userEmail: "alice@acme.example",
      permissions: { can_manage_filters: true },
      review: review(n),
    }),
    step("create", "acme/shared/invitation/paul", "ExternalInvitation", undefined, {
      ...base,
      email: n.recipient,
      permissions: {},
      review: review(n),
    }),
    step(
      "update",
      "acme/shared/policy",
      "MailboxPolicy",
      { ...base, mode: "report-only", unmanaged: [] },
      {
        ...base,
        mode: "report-only",
        unmanaged: [team],
      },
    ),
  ];
  const preview = JSON.stringify({ steps, changeSummary: { create: 2, update: 1 } });
  return buildPermissionReport(parsePreviewOutput(preview, "preview.json"), "2026-11-28");
}

/** What `access --declared` lists: a member, a team and a link, each with its declaration's reason and owner. */
function accessList(n: Names): ComparedAccess {
  const organisation = { id: 100, name: n.organisation };
  const declaration = { ...review(n), mailHostingId: 10, mailbox: "support", userId: null, expiresAt: "" };
  const entry = { organisation, mailHostingId: 10, mailbox: n.mailbox, userId: null, rights: [] };
  return {
    organisations: [organisation],
    mailboxes: [{ organisation, mailHostingId: 10, name: "support", address: n.mailbox }],
    entries: [
      {
        ...entry,
        who: n.owner,
        kind: "member",
        standing: "declared",
        declaration: { ...declaration, who: n.owner, as: "grant", declaredIn: n.team },
      },
      { ...entry, who: `team 7 (${n.team})`, kind: "team", standing: "undeclared" },
      {
        ...entry,
        who: n.recipient,
        kind: "pending link",
        until: "2030-03-17",
        standing: "declared",
        declaration: { ...declaration, who: n.recipient, as: "invitation", declaredIn: n.organisation },
      },
    ],
    declaredElsewhere: 0,
  };
}

/** A plan with a client of each outcome, every one named after something hostile. */
function plan(n: Names): PlanResult {
  const client = (stack: string, touched: boolean) => ({
    stack,
    specFile: n.mailbox,
    specPath: "/x",
    configPath: "/y",
    touched,
    reason: n.reason,
  });
  return {
    base: n.owner,
    clients: [
      { client: client(n.organisation, true), result: { outcome: "previewed", report: report(n) } },
      {
        client: client(n.team, true),
        result: { outcome: "failed", exitCode: 1, error: n.reason, output: [n.recipient, n.team] },
      },
      { client: client(n.recipient, true), result: { outcome: "missing-token", tokenEnv: n.owner } },
      { client: client(n.owner, false), result: { outcome: "untouched" } },
    ],
  };
}

/** What `doctor` found: names, unknown item kinds and errors from the API. */
function inspection(n: Names): Inspection {
  const listing = { mailbox: n.mailbox, kinds: { user_access: 2, [n.team]: 1 }, omitted: [] };
  return {
    accounts: [
      {
        id: 100,
        name: n.organisation,
        users: { error: n.reason },
        hostings: [
          { id: 10, family: "webmail", mailboxes: 2, shareFlagShown: 2, listing },
          { id: 20, family: "unknown", mailboxes: 0, shareFlagShown: 0, error: n.recipient },
        ],
        otherProducts: 0,
      },
      {
        id: 200,
        name: n.owner,
        users: { total: 1, pending: 0, paginated: false },
        hostings: { error: n.team },
        otherProducts: 0,
      },
    ],
    limitHeaders: {},
  };
}

const doctor = (n: Names) => {
  const found = inspection(n);
  return renderDoctor(
    { apiUrl: "http://127.0.0.1:1", version: "0.1.0", requests: 3 },
    found,
    verdicts(found),
  );
};

/** Each Markdown output, and the names it shows (the engine's preview knows no organisation's name). */
const RENDERERS: [string, (n: Names) => string, (keyof Names)[]?][] = [
  ["report (Markdown)", (n) => renderMarkdown(report(n))],
  [
    "report of an engine preview (Markdown)",
    (n) => renderMarkdown(reportOfPreview(n)),
    ["team", "mailbox", "recipient", "reason", "owner"],
  ],
  ["access by mailbox (Markdown)", (n) => renderAccessMarkdown(accessList(n), "mailbox")],
  ["access by person (Markdown)", (n) => renderAccessMarkdown(accessList(n), "person")],
  ["plan (Markdown)", (n) => renderPlanMarkdown(plan(n))],
  ["doctor (Markdown)", doctor],
];

describe("outputs no name can forge", () => {
  // One renderer process for every document.
  const documents = RENDERERS.flatMap(([, render]) => [render(HARMLESS), render(HOSTILE)]);
  const html = renderGfm(documents);

  it.each(RENDERERS.map(([name, , shown], i) => [name, i, shown] as const))(
    "%s: hostile names render to exactly the structure harmless ones do, and read as themselves",
    (_, i, shown) => {
      const [harmless = "", hostile = ""] = html.slice(2 * i, 2 * i + 2);
      // An e-mail address is a mailto: link to itself (GitHub's renderer makes it one, whatever escapes it).
      expect(htmlStructure(withoutAddressLinks(hostile))).toEqual(
        htmlStructure(withoutAddressLinks(harmless)),
      );
      expect(withoutAddressLinks(hostile)).not.toMatch(/<(img|script)\b/);
      const text = htmlText(hostile);
      const names = shown ? shown.map((key) => HOSTILE[key]) : HOSTILE_NAMES;
      for (const name of names) expect(text).toContain(terminalText(name));
      // Nothing from a name reaches the terminal that prints the Markdown.
      expect(documents[2 * i + 1]).not.toMatch(CONTROL);
    },
  );

  it("a code span of a name: its backticks stay inside, on one line", () => {
    const spans = ["a`b", "``x``", "`", "", " x ", "a\nb"].map(markdownCode);
    const rendered = renderGfm(spans).map((h) => h.trim());
    expect(rendered.map(htmlText)).toEqual(["a`b", "``x``", "`", " ", " x ", "a b"]);
    expect(rendered.every((h) => /^<p><code>[^<]*<\/code><\/p>$/.test(h))).toBe(true);
  });

  it("access --format csv: cells a spreadsheet would run start with a quote, and no cell adds a row or a column", () => {
    const harmless = parseCsv(renderAccessCsv(accessList(HARMLESS), "mailbox"));
    const hostile = parseCsv(renderAccessCsv(accessList(HOSTILE), "mailbox"));
    expect(hostile.map((r) => r.length)).toEqual(harmless.map((r) => r.length));
    const [header = [], ...rows] = hostile;
    const column = (name: string) => rows.map((r) => r[header.indexOf(name)]);
    expect(column("reason")[0]).toBe(`'${terminalText(HOSTILE.reason)}`);
    expect(column("owner")[0]).toBe(`'${terminalText(HOSTILE.owner)}`);
    expect(column("organisation")).toContain(terminalText(HOSTILE.organisation));
    expect(rows.flat().every((cell) => !/^[=+\-@\t\r]/.test(cell))).toBe(true);
    expect(["=1+2", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "a,b", 'say "hi"', "plain"].map(csvCell)).toEqual(
      ["'=1+2", "'+1", "'-1", "'@SUM(A1)", " =1", " =1", '"a,b"', '"say ""hi"""', "plain"],
    );
  });

  it("terminal text: no escape byte, no control, no line break; what was there shown", () => {
    for (const name of HOSTILE_NAMES) {
      expect(terminalText(name)).not.toMatch(CONTROL);
      expect(terminalText(name)).not.toContain("\n");
    }
    expect(terminalText("\u001b[2K\r\u001b[32mAll checks passed\u009b\u202e")).toBe(
      "\\x1b[2K \\x1b[32mAll checks passed\\x9b\\u202e",
    );
  });

  it("the HTML pages still escape every name", () => {
    for (const page of [renderAccessHtml(accessList(HOSTILE)), renderReportHtml(report(HOSTILE))]) {
      expect(page).not.toMatch(/<img|<script|<b>/);
      expect(page).toContain("&lt;img src=x onerror=alert(1)&gt;");
    }
  });
});

/** RFC 4180 rows: quoted cells may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  for (const line of text.matchAll(
    /((?:"(?:[^"]|"")*"|[^",\r\n]*)(?:,(?:"(?:[^"]|"")*"|[^",\r\n]*))*)\r\n/g,
  )) {
    const cells = [...(line[1] ?? "").matchAll(/(?:^|,)("(?:[^"]|"")*"|[^",\r\n]*)/g)].map((m) => {
      const cell = m[1] ?? "";
      return cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell;
    });
    rows.push(cells);
  }
  return rows;
}
