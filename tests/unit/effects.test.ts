import { buildPermissionReport } from "../../cli/report/permissionReport";
import type { Step } from "../../cli/shared/previewSteps";
import type { Effect } from "../../cli/report/effects";
import { EFFECT_KINDS, effectSentence } from "../../cli/report/effects";
import { renderMarkdown } from "../../cli/report/renderMarkdown";
import { renderReportHtml } from "../../cli/report/renderHtml";

const URN = "urn:pulumi:prod::orgs::infomaniak:index:Organisation$pulumi-nodejs:dynamic/infomaniak";
const base = { mailHostingId: 10, mailbox: "support", address: "support@acme.example", accountId: 100 };
const review = { reason: "Support rota", owner: "it@acme.example", reviewAfter: "2027-06-30" };

function step(op: string, type: string, name: string, old?: object, next?: object): Step {
  const state = (props: object) => ({ inputs: props as Record<string, unknown>, outputs: {} });
  return {
    op,
    urn: `${URN}:${type}::${name}`,
    type: `pulumi-nodejs:dynamic/infomaniak:${type}`,
    ...(old ? { old: state(old) } : {}),
    ...(next ? { new: state(next) } : {}),
  };
}

/** Each effect of the run as one line: effect, mailbox, who, and what it carries. */
const effects = (...steps: Step[]) =>
  buildPermissionReport(steps, "2026-11-28").effects.map((e) =>
    [
      e.effect,
      e.mailbox || `organisation ${e.organisation ?? "?"}`,
      e.who,
      ...(e.rights ? [`rights ${e.rights.join(",") || "-"}`] : []),
      ...(e.added?.length ? [`+${e.added.join(",")}`] : []),
      ...(e.emailedTo ? [`to ${e.emailedTo}`] : []),
      ...(e.because ? [`because ${e.because}`] : []),
    ].join(" | "),
  );

const guest = { ...base, email: "guest@outside.example", review };
const grant = (who: string, permissions: Record<string, boolean>) => ({
  ...base,
  userEmail: who,
  permissions,
  review,
});

describe("the effects a run has, in one vocabulary", () => {
  it("a grant: access granted, with its rights", () => {
    expect(
      effects(
        step(
          "create",
          "MailboxAccess",
          "g",
          undefined,
          grant("bruno@acme.example", { can_manage_filters: true }),
        ),
      ),
    ).toEqual(["access granted | support@acme.example | bruno@acme.example | rights can_manage_filters"]);
  });

  it("a guest's link: created and e-mailed, or only created with send: false", () => {
    const sent = step("create", "ExternalInvitation", "i", undefined, {
      ...guest,
      send: true,
      permissions: {},
    });
    expect(effects(sent)).toEqual([
      "link created | support@acme.example | guest@outside.example | rights -",
      "e-mail sent | support@acme.example | guest@outside.example | to guest@outside.example",
    ]);
    const unsent = step("create", "ExternalInvitation", "i", undefined, {
      ...guest,
      send: false,
      permissions: {},
    });
    expect(effects(unsent)).toEqual([
      "link created | support@acme.example | guest@outside.example | rights -",
    ]);
  });

  it("a pending link's webmail-only right: link replaced, e-mailed to the guest; a right it carries: rights changed", () => {
    const was = { ...guest, send: true, status: "pending", permissions: { can_manage_rules: false } };
    const replaced = step("update", "ExternalInvitation", "i", was, {
      ...was,
      permissions: { can_manage_rules: true },
    });
    expect(effects(replaced)).toEqual([
      "link replaced | support@acme.example | guest@outside.example | rights can_manage_rules | +can_manage_rules | to guest@outside.example",
    ]);
    const filters = { ...was, permissions: { can_manage_filters: false } };
    const inPlace = step("update", "ExternalInvitation", "i", filters, {
      ...filters,
      permissions: { can_manage_filters: true },
    });
    expect(effects(inPlace)).toEqual([
      "rights changed | support@acme.example | guest@outside.example | rights can_manage_filters | +can_manage_filters",
    ]);
  });

  it("an authoritative policy: an access revoked, a link cancelled, each saying why; a team kept does nothing", () => {
    const entry = (kind: string, email: string, extra: object) => ({
      kind,
      email,
      userId: null,
      key: null,
      teamId: null,
      label: email,
      permissions: {},
      ...extra,
    });
    const policy = step("create", "MailboxPolicy", "p", undefined, {
      ...base,
      mode: "authoritative",
      unmanaged: [
        entry("access", "david@acme.example", { userId: 4 }),
        entry("invitation", "old@outside.example", { key: "k1" }),
        entry("team", "", { teamId: 7, label: "team 7" }),
      ],
    });
    expect(effects(policy)).toEqual([
      "access revoked | support@acme.example | david@acme.example | because not declared on an authoritative mailbox: revoked (access)",
      "link cancelled | support@acme.example | old@outside.example | because not declared on an authoritative mailbox: revoked (invitation)",
    ]);
  });

  it("a link moved to another address: the old pending one cancelled, the new one created (e-mailed only when sent)", () => {
    const was = { ...guest, send: false, status: "pending", permissions: {} };
    const moved = step("replace", "ExternalInvitation", "i", was, { ...was, email: "new@outside.example" });
    expect(effects(moved)).toEqual([
      "link created | support@acme.example | new@outside.example | rights - | because the declaration moved here",
      "link cancelled | support@acme.example | guest@outside.example | because moved",
    ]);
  });

  it("a grant replaced with other rights (same person, same mailbox): rights changed, no link", () => {
    const was = grant("bruno@acme.example", { can_manage_filters: false });
    const replaced = step("replace", "MailboxAccess", "g", was, {
      ...was,
      permissions: { can_manage_filters: true },
    });
    expect(effects(replaced)).toEqual([
      "rights changed | support@acme.example | bruno@acme.example | rights can_manage_filters | +can_manage_filters",
    ]);
  });

  it("a removed grant: access revoked; a removed link: cancelled while pending, revoked once accepted", () => {
    const link = (status: string) => ({ ...guest, send: true, status, permissions: {} });
    expect(
      effects(
        step("delete", "MailboxAccess", "g", grant("bruno@acme.example", {})),
        step("delete", "ExternalInvitation", "pending", link("pending")),
        step("delete", "ExternalInvitation", "accepted", {
          ...link("accepted"),
          email: "joined@outside.example",
        }),
      ),
    ).toEqual([
      "access revoked | support@acme.example | bruno@acme.example",
      "link cancelled | support@acme.example | guest@outside.example",
      "access revoked | support@acme.example | joined@outside.example",
    ]);
  });

  it("membership: an invitation sent, one cancelled, a member who stays as they are", () => {
    const member = (email: string, status: string) => ({ accountId: 100, email, role: "normal", status });
    expect(
      effects(
        step("create", "OrganisationUser", "new", undefined, member("emma@acme.example", "pending")),
        step("delete", "OrganisationUser", "pending", member("felix@acme.example", "pending")),
        step("delete", "OrganisationUser", "accepted", member("chloe@acme.example", "accepted")),
      ),
    ).toEqual([
      "membership left as it is | organisation 100 | chloe@acme.example | because stays a member, no longer managed here: the Infomaniak API cannot remove members; if they leave, remove them in the Manager",
      "organisation invitation sent | organisation 100 | emma@acme.example | because an invitation e-mail is sent",
      "organisation invitation cancelled | organisation 100 | felix@acme.example | because the pending invitation is cancelled",
    ]);
  });
});

describe("each effect in words (the Markdown and HTML reports)", () => {
  const at = { mailbox: "support@acme.example", who: "paul@outside.example", resource: "r" };
  const org = { mailbox: "", organisation: 100, who: "bruno@acme.example", resource: "r" };
  const change = { added: ["can_manage_rules"], removed: ["can_manage_filters"] };
  const sentences: [Effect, string][] = [
    [
      { effect: "access granted", ...at, rights: ["can_manage_filters"] },
      "paul@outside.example is granted access to support@acme.example (can_manage_filters).",
    ],
    [
      { effect: "rights changed", ...at, ...change },
      "paul@outside.example's rights on support@acme.example change: + can_manage_rules, − can_manage_filters.",
    ],
    [
      { effect: "access revoked", ...at },
      "paul@outside.example's access to support@acme.example is revoked.",
    ],
    [
      { effect: "link created", ...at, rights: [] },
      "An invitation link to support@acme.example is created for paul@outside.example (read and send only).",
    ],
    [
      { effect: "link cancelled", ...at },
      "paul@outside.example's pending invitation link to support@acme.example is cancelled.",
    ],
    [
      { effect: "link replaced", ...at, ...change, emailedTo: "paul@outside.example" },
      "paul@outside.example's pending invitation link to support@acme.example is cancelled and replaced by a new one (+ can_manage_rules, − can_manage_filters), e-mailed to paul@outside.example.",
    ],
    [
      { effect: "link replaced", ...at, ...change },
      "paul@outside.example's pending invitation link to support@acme.example is cancelled and replaced by a new one (+ can_manage_rules, − can_manage_filters), not e-mailed (send: false).",
    ],
    [
      { effect: "e-mail sent", ...at, emailedTo: "paul@outside.example" },
      "The invitation link to support@acme.example is e-mailed to paul@outside.example.",
    ],
    [
      { effect: "organisation invitation sent", ...org },
      "bruno@acme.example is sent an invitation to join organisation 100.",
    ],
    [
      { effect: "organisation invitation changed", ...org },
      "bruno@acme.example's pending invitation to organisation 100 changes its role.",
    ],
    [
      { effect: "organisation invitation cancelled", ...org },
      "bruno@acme.example's pending invitation to organisation 100 is cancelled.",
    ],
    [
      { effect: "membership left as it is", ...org },
      "bruno@acme.example stays a member of organisation 100.",
    ],
  ];

  it("every kind has its sentence, and says what it does", () => {
    expect(new Set(sentences.map(([e]) => e.effect))).toEqual(new Set(EFFECT_KINDS));
    expect(sentences.map(([e]) => effectSentence(e))).toEqual(sentences.map(([, s]) => s));
  });

  it("the Markdown report lists every effect with its reason; the HTML page too", () => {
    const was = { ...guest, send: true, status: "pending", permissions: { can_manage_rules: false } };
    const steps = [
      step("update", "ExternalInvitation", "i", was, { ...was, permissions: { can_manage_rules: true } }),
    ];
    const report = buildPermissionReport(steps, "2026-11-28");
    expect(report.effects.map((e) => e.effect)).toEqual(["link replaced"]);
    const markdown = renderMarkdown(report);
    expect(markdown).toContain("### What `up` does at Infomaniak");
    expect(markdown).toContain(
      "| link replaced | guest@outside.example's pending invitation link to support@acme.example is cancelled and replaced by a new one (+ can_manage_rules), e-mailed to guest@outside.example. | — |",
    );
    expect(renderReportHtml(report)).toContain("<li>guest@outside.example's pending invitation link");
  });

  it("no effect, no section", () => {
    const report = buildPermissionReport([], "2026-11-28");
    expect(renderMarkdown(report)).not.toContain("What `up` does");
    expect(renderReportHtml(report)).not.toContain("What up does");
  });
});
