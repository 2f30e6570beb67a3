import { buildPermissionReport } from "../../cli/report/permissionReport";
import { renderMarkdown } from "../../cli/report/renderMarkdown";
import {
  IncompletePreviewError,
  parsePreviewOutput,
  PreviewInputError,
  readPreviewOutput,
} from "../../cli/shared/previewSteps";
import type { Step } from "../../cli/shared/previewSteps";

const URN = "urn:pulumi:prod::orgs::infomaniak:index:Organisation$pulumi-nodejs:dynamic/infomaniak";
const review = { reason: "Support rota", owner: "it@acme.example", reviewAfter: "2027-06-30" };
const base = { mailHostingId: 10, mailbox: "support", address: "support@acme.example" };

/** A step as `pulumi preview --json` prints it (display.PreviewStep, states as apitype.ResourceV3). */
function digestStep(op: string, name: string, type: string, old?: object, next?: object) {
  const state = (inputs: object) => ({
    urn: `${URN}:${type}::${name}`,
    type: `pulumi-nodejs:dynamic/infomaniak:${type}`,
    inputs,
    outputs: inputs,
  });
  return {
    op,
    urn: `${URN}:${type}::${name}`,
    provider: "urn:pulumi:prod::orgs::pulumi:providers:pulumi-nodejs::default",
    ...(old ? { oldState: state(old) } : {}),
    ...(next ? { newState: state(next) } : {}),
  };
}

describe("the permission report", () => {
  it("reads `pulumi preview --json` output: one loss, reported once though the policy lists it too", () => {
    const digest = {
      steps: [
        digestStep("delete", "acme/support/grant/chloe@acme.example", "MailboxAccess", {
          ...base,
          userEmail: "chloe@acme.example",
          permissions: { can_manage_filters: true },
          review,
        }),
        digestStep(
          "update",
          "acme/support/policy",
          "MailboxPolicy",
          { ...base, mode: "authoritative", unmanaged: [] },
          {
            ...base,
            mode: "authoritative",
            unmanaged: [
              { kind: "access", email: "chloe@acme.example", userId: 3, key: null, permissions: {} },
            ],
          },
        ),
        digestStep("create", "acme/support/grant/alice@acme.example", "MailboxAccess", undefined, {
          ...base,
          userEmail: "alice@acme.example",
          adopt: true,
          existing: { permissions: { can_manage_filters: true, can_manage_rules: false } },
          permissions: { can_manage_filters: true, can_manage_rules: false },
          review,
        }),
      ],
      changeSummary: { delete: 1, update: 1, create: 1 },
    };
    const report = buildPermissionReport(
      parsePreviewOutput(JSON.stringify(digest), "preview.json"),
      "2026-11-28",
    );
    expect(report.facts.map((f) => `${f.kind} ${f.mailbox} ${f.who} ${f.via}`)).toEqual([
      "loses support@acme.example chloe@acme.example grant",
    ]);
    expect(report.facts[0]?.review?.reason).toBe("Support rota");
    expect(report.adoptedUnchanged).toBe(1);
    expect(report.removesAccess).toBe(true);
    expect(report.driftFound).toBe(false);
  });

  /** One step's facts, read from `pulumi preview --json` output. */
  const factsOf = (...steps: object[]) =>
    buildPermissionReport(
      parsePreviewOutput(JSON.stringify({ steps, changeSummary: { update: steps.length } }), "preview.json"),
      "2026-11-28",
    );

  it("a pending link's rights change that its PATCH cannot carry is said as a replacement, with who gets the new link", () => {
    const link = { ...base, email: "guest@outside.example", send: true, review };
    const was = {
      ...link,
      status: "pending",
      permissions: { can_manage_filters: true, can_manage_rules: false },
    };
    const rules = { ...link, permissions: { can_manage_filters: true, can_manage_rules: true } };
    const step = (old: object, next: object) =>
      digestStep("update", "acme/support/invitation/guest@outside.example", "ExternalInvitation", old, next);
    const [replaced] = factsOf(step(was, rules)).facts;
    expect(replaced).toMatchObject({ kind: "changes", added: ["can_manage_rules"], removed: [] });
    expect(replaced?.note).toBe(
      "link replaced: the link is cancelled and guest@outside.example is e-mailed a new one",
    );
    expect(factsOf(step(was, { ...rules, send: false })).facts[0]?.note).toBe(
      "link replaced: the link is cancelled and a new one is created, not e-mailed (send: false)",
    );
    // Rights the link's PATCH carries, or a link accepted already: changed in place, no replacement.
    const filters = { ...link, permissions: { can_manage_filters: false, can_manage_rules: false } };
    expect(factsOf(step(was, filters)).facts[0]?.note).toBe("");
    expect(factsOf(step({ ...was, status: "accepted" }, rules)).facts[0]?.note).toBe("");
  });

  it("an authoritative policy's revocation alone is a loss (the removal gate's), not a change", () => {
    const policy = { ...base, accountId: 100, mode: "authoritative" };
    const david = { kind: "access", email: "david@acme.example", userId: 4, key: null, permissions: {} };
    const report = factsOf(
      digestStep("create", "acme/support/policy", "MailboxPolicy", undefined, {
        ...policy,
        unmanaged: [david],
      }),
    );
    expect(report.facts).toEqual([
      expect.objectContaining({
        kind: "loses",
        via: "policy",
        who: "david@acme.example",
        note: "not declared on an authoritative mailbox: revoked (access)",
      }),
    ]);
    expect(report.summary).toEqual({ gains: 0, loses: 1, changes: 0, unmanaged: 0, drift: 0 });
    expect(report.removesAccess).toBe(true);
    // The same entry under report-only is listed, kept, and trips the drift gate instead.
    const kept = factsOf(
      digestStep("create", "acme/support/policy", "MailboxPolicy", undefined, {
        ...policy,
        mode: "report-only",
        unmanaged: [david],
      }),
    );
    expect(kept.facts.map((f) => f.kind)).toEqual(["unmanaged"]);
    expect([kept.removesAccess, kept.driftFound]).toEqual([false, true]);
  });

  describe("each fact kind on its own case", () => {
    const grantUrn = (who: string) => `${URN}:MailboxAccess::acme/support/grant/${who}`;
    const grant = (who: string, permissions: Record<string, boolean>) => ({
      inputs: {},
      outputs: { ...base, accountId: 100, userEmail: who, permissions, review },
    });
    const step = (op: string, who: string, extra: Partial<Step>): Step => ({
      op,
      urn: grantUrn(who),
      type: "pulumi-nodejs:dynamic/infomaniak:MailboxAccess",
      ...extra,
    });
    const facts = (steps: Step[]) => buildPermissionReport(steps, "2026-11-28");

    it("a refresh that lost an access: drift, restored by the next up; the drift gate trips, no removal", () => {
      const report = facts([
        step("refresh", "bruno@acme.example", {
          old: grant("bruno@acme.example", { can_manage_filters: true }),
          drift: "delete",
        }),
      ]);
      // Lost, not changed: the rights it held are its permissions, nothing "removed" beside them.
      expect(report.facts).toEqual([
        {
          kind: "drift",
          organisation: 100,
          mailbox: "support@acme.example",
          who: "bruno@acme.example",
          via: "grant",
          resource: "acme/support/grant/bruno@acme.example",
          review,
          permissions: ["can_manage_filters"],
          added: [],
          removed: [],
          note: "removed outside this stack: the next up restores it",
        },
      ]);
      expect([report.driftFound, report.removesAccess]).toEqual([true, false]);
    });

    it("a refresh that lost an access holding no management rights (read and send only): drift all the same", () => {
      const report = facts([
        step("refresh", "bruno@acme.example", { old: grant("bruno@acme.example", {}), drift: "delete" }),
      ]);
      expect(report.facts).toEqual([
        {
          kind: "drift",
          organisation: 100,
          mailbox: "support@acme.example",
          who: "bruno@acme.example",
          via: "grant",
          resource: "acme/support/grant/bruno@acme.example",
          review,
          permissions: [],
          added: [],
          removed: [],
          note: "removed outside this stack: the next up restores it",
        },
      ]);
      expect([report.driftFound, report.removesAccess]).toEqual([true, false]);
    });

    it("a refresh that found other rights: drift with what was added and removed outside", () => {
      const report = facts([
        step("refresh", "bruno@acme.example", {
          old: grant("bruno@acme.example", { can_manage_filters: true, can_manage_rules: false }),
          new: grant("bruno@acme.example", { can_manage_filters: false, can_manage_rules: true }),
          drift: "update",
        }),
      ]);
      expect(report.facts).toEqual([
        {
          kind: "drift",
          organisation: 100,
          mailbox: "support@acme.example",
          who: "bruno@acme.example",
          via: "grant",
          resource: "acme/support/grant/bruno@acme.example",
          review,
          permissions: ["can_manage_rules"],
          added: ["can_manage_rules"],
          removed: ["can_manage_filters"],
          note: "rights changed outside this stack: the next up sets the declared ones again",
        },
      ]);
      expect(report.driftFound).toBe(true);
    });

    it("a member gone outside the stack: what the next up does depends on adopt, and leaving is said how to record", () => {
      const member = (adopt: boolean): Step => ({
        op: "refresh",
        urn: `${URN}:OrganisationUser::acme/member/chloe@acme.example`,
        type: "pulumi-nodejs:dynamic/infomaniak:OrganisationUser",
        old: {
          inputs: {},
          outputs: { accountId: 100, email: "chloe@acme.example", role: "normal", adopt, status: "accepted" },
        },
        drift: "delete",
      });
      const note = (adopt: boolean) =>
        facts([member(adopt)]).membership.changes.map((c) => `${c.change}: ${c.note}`);
      const gone =
        "drift: no longer in the organisation (left, removed, or the invitation cancelled outside this stack): ";
      const left = ". If they left, set their state to removed in the spec (or run offboard)";
      expect(note(true)).toEqual([
        `${gone}the next up fails for them (adopt: there is nothing to adopt); remove adopt to invite them again${left}`,
      ]);
      expect(note(false)).toEqual([`${gone}the next up invites them again${left}`]);
    });

    it("a replacement that gives the grant to another person: one loses, the other gains, never a change", () => {
      const report = facts([
        step("replace", "bruno@acme.example", {
          old: grant("bruno@acme.example", { can_manage_filters: true }),
          new: grant("chloe@acme.example", { can_manage_filters: true }),
        }),
      ]);
      expect(report.facts.map((f) => `${f.kind} ${f.who} ${f.note}`)).toEqual([
        "gains chloe@acme.example moved",
        "loses bruno@acme.example moved",
      ]);
      expect(report.summary).toEqual({ gains: 1, loses: 1, changes: 0, unmanaged: 0, drift: 0 });
      expect([report.removesAccess, report.driftFound]).toEqual([true, false]);
    });
  });

  it("names an adoption that changes rights as a change, not a gain", () => {
    const digest = {
      steps: [
        digestStep("create", "acme/support/grant/alice@acme.example", "MailboxAccess", undefined, {
          ...base,
          userEmail: "alice@acme.example",
          adopt: true,
          existing: { permissions: { can_manage_filters: true } },
          permissions: { can_manage_filters: false, can_manage_rules: true },
        }),
      ],
      changeSummary: { create: 1 },
    };
    const [fact] = buildPermissionReport(parsePreviewOutput(JSON.stringify(digest), "p"), "2026-11-28").facts;
    expect(fact).toMatchObject({
      kind: "changes",
      added: ["can_manage_rules"],
      removed: ["can_manage_filters"],
    });
  });

  it("reports a grant that rides on an invitation, and unknown values do not hide a step", () => {
    const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    const digest = {
      steps: [
        digestStep("create", "acme/support/grant/emma@acme.example", "MailboxAccess", undefined, {
          ...base,
          address: unknown,
          userEmail: "emma@acme.example",
          userId: null,
          carryOnInvitation: true,
          permissions: { can_manage_filters: true },
          review,
        }),
      ],
      changeSummary: { create: 1 },
    };
    const report = buildPermissionReport(parsePreviewOutput(JSON.stringify(digest), "p"), "2026-11-28");
    expect(report.facts).toEqual([
      expect.objectContaining({
        kind: "gains",
        who: "emma@acme.example",
        permissions: ["can_manage_filters"],
      }),
    ]);
  });

  it("stops on a step it cannot read instead of leaving a person out", () => {
    const digest = {
      steps: [
        digestStep("delete", "acme/support/grant/x@acme.example", "MailboxAccess", {
          ...base,
          permissions: "all of them",
        }),
      ],
      changeSummary: { delete: 1 },
    };
    expect(() =>
      buildPermissionReport(parsePreviewOutput(JSON.stringify(digest), "p"), "2026-11-28"),
    ).toThrow(PreviewInputError);
  });

  it("lists organisation membership changes, and says a departure of a member fails unless retained", () => {
    const org = { accountId: 100, firstName: "X", lastName: "Y", locale: "en_GB" };
    const digest = {
      steps: [
        digestStep("create", "acme/member/zoe@acme.example", "OrganisationUser", undefined, {
          ...org,
          email: "zoe@acme.example",
          role: "normal",
        }),
        digestStep("create", "acme/member/alice@acme.example", "OrganisationUser", undefined, {
          ...org,
          email: "alice@acme.example",
          role: "owner",
          adopt: true,
        }),
        digestStep(
          "update",
          "acme/member/emma@acme.example",
          "OrganisationUser",
          { ...org, email: "emma@acme.example", role: "normal", status: "pending" },
          { ...org, email: "emma@acme.example", role: "admin" },
        ),
        digestStep("delete", "acme/member/paul@acme.example", "OrganisationUser", {
          ...org,
          email: "paul@acme.example",
          role: "normal",
          status: "pending",
        }),
        digestStep("delete", "acme/member/david@acme.example", "OrganisationUser", {
          ...org,
          email: "david@acme.example",
          role: "normal",
          status: "accepted",
        }),
      ],
      changeSummary: { create: 2, update: 1, delete: 2 },
    };
    const report = buildPermissionReport(parsePreviewOutput(JSON.stringify(digest), "p"), "2026-11-28");
    expect(report.membership.changes.map((c) => `${c.change} ${c.who} ${c.role}`)).toEqual([
      "leaves the stack david@acme.example normal",
      "role changes emma@acme.example admin",
      "invitation cancelled paul@acme.example normal",
      "invited zoe@acme.example normal",
    ]);
    expect(report.membership.changes[0]?.note).toContain(
      "stays a member, no longer managed here: the Infomaniak API cannot remove members; if they leave, remove them in the Manager",
    );
    expect(report.membership.adopted).toBe(1);
    expect(report.scope).toEqual({ project: "orgs", stack: "prod", organisations: [100] });
    const markdown = renderMarkdown(report);
    expect(markdown.split("\n")[0]).toBe(
      "## Mailbox access in organisation 100 (stack `prod` of `orgs`): what this change does",
    );
    expect(markdown).toContain(
      "| invited | zoe@acme.example | 100 | normal | an invitation e-mail is sent |",
    );
    expect(markdown).toContain("(1 members adopted as they are: no change for anyone)");
  });

  it("lets acknowledged undeclared access pass the drift gate, and trips it on a new one", () => {
    const policy = (acknowledged: object[]) =>
      digestStep("same", "acme/sales/policy", "MailboxPolicy", undefined, {
        ...base,
        mailbox: "sales",
        address: "sales@acme.example",
        mode: "report-only",
        acknowledged,
        unmanaged: [
          { kind: "access", email: "chloe@acme.example", userId: 3, permissions: {} },
          { kind: "team", email: "", userId: null, label: "team 7 (Sales)", permissions: null },
        ],
      });
    const reportOf = (acknowledged: object[]) =>
      buildPermissionReport(
        parsePreviewOutput(JSON.stringify({ steps: [policy(acknowledged)], changeSummary: {} }), "p"),
        "2026-11-28",
      );
    const both = [
      { who: "Chloe@acme.example", reason: "Moves to sales in January", owner: "alice@acme.example" },
      { who: "team 7 (Sales)", reason: "The sales team", owner: "alice@acme.example" },
    ];
    const acknowledged = reportOf(both);
    expect(acknowledged.driftFound).toBe(false);
    expect(acknowledged.summary.unmanaged).toBe(2);
    expect(acknowledged.facts[0]).toMatchObject({
      who: "chloe@acme.example",
      acknowledged: { reason: "Moves to sales in January", owner: "alice@acme.example" },
    });
    expect(renderMarkdown(acknowledged)).toContain(
      "| undeclared | chloe@acme.example | read and send only | Moves to sales in January | alice@acme.example |",
    );
    const newOne = reportOf(both.slice(1));
    expect(newOne.driftFound).toBe(true);
    expect(newOne.unacknowledged).toBe(1);
  });

  it("names a loss as the loss of all access, and a passed end date apart from a link's expiry", () => {
    const digest = {
      steps: [
        digestStep("delete", "acme/support/grant/chloe@acme.example", "MailboxAccess", {
          ...base,
          userEmail: "chloe@acme.example",
          permissions: {},
          review: { ...review, expiresAt: "2026-01-31" },
        }),
        digestStep("same", "acme/support/grant/bruno@acme.example", "MailboxAccess", undefined, {
          ...base,
          mailbox: "support@acme.example",
          userEmail: "bruno@acme.example",
          permissions: {},
          review: { ...review, expiresAt: "2026-01-31" },
        }),
      ],
      changeSummary: { delete: 1 },
    };
    const report = buildPermissionReport(parsePreviewOutput(JSON.stringify(digest), "p"), "2026-11-28");
    expect(report.flags.map((f) => `${f.mailbox} ${f.flags.join(",")}`)).toEqual([
      "support@acme.example end-date-passed",
    ]);
    expect(renderMarkdown(report)).toContain(
      "| loses all access | chloe@acme.example | had: read and send only |",
    );
  });

  it("refuses a run it cannot vouch for, naming what is missing: empty, failed, truncated, unfinished", () => {
    const event = (n: number, body: Record<string, unknown>) =>
      JSON.stringify({ sequence: n, timestamp: 1_700_000_000 + n, ...body });
    const finished = [event(1, { cancelEvent: {} }), event(2, { summaryEvent: { resourceChanges: {} } })];
    expect(readPreviewOutput(finished.join("\n"), "log").incomplete).toBeUndefined();

    expect(() => parsePreviewOutput("", "empty.json")).toThrow("empty.json is empty: no preview output");
    expect(() => parsePreviewOutput(" \n", "blank.json")).toThrow(IncompletePreviewError);
    const failed = [
      event(1, {
        diagnosticEvent: {
          severity: "error",
          message: "<{%reset%}>spec.yaml:3: mailbox is required<{%reset%}>\n",
        },
      }),
      event(2, { summaryEvent: { resourceChanges: {} } }),
    ].join("\n");
    expect(readPreviewOutput(failed, "log").incomplete).toBe(
      "the run failed: spec.yaml:3: mailbox is required",
    );
    expect(() => parsePreviewOutput(failed, "log")).toThrow("log: the run failed: spec.yaml:3");
    expect(readPreviewOutput(finished[0] ?? "", "log").incomplete).toContain("it has no summary event");
    expect(() => parsePreviewOutput(`${finished[0] ?? ""}\n{"sequence": 2, "timest`, "cut.log")).toThrow(
      "cut.log:2 is cut short: the event log is truncated",
    );
    const failedDigest = {
      steps: [],
      changeSummary: {},
      diagnostics: [{ severity: "error", message: "boom" }],
    };
    expect(readPreviewOutput(JSON.stringify(failedDigest), "p").incomplete).toBe("the run failed: boom");
    expect(readPreviewOutput(JSON.stringify({ steps: [] }), "p").incomplete).toContain("no change summary");
  });

  it("shows policy violations beside the grants they concern, and a run blocked only by policy as complete", () => {
    const event = (n: number, body: Record<string, unknown>) =>
      JSON.stringify({ sequence: n, timestamp: 1_700_000_000 + n, ...body });
    const urn = `${URN}:ExternalInvitation::guest-eve`;
    const inputs = {
      ...base,
      email: "eve@elsewhere.example",
      permissions: { can_manage_filters: true },
      review,
    };
    const policyEvent = (level: string, rule: string, message: string) => ({
      policyEvent: {
        resourceUrn: urn,
        message: `The rule's description.\n${message}\n`,
        color: "never",
        policyName: rule,
        policyPackName: "infomaniak-mailbox-sharing",
        policyPackVersion: "0.1.0",
        enforcementLevel: level,
      },
    });
    const log = (level: string) =>
      [
        event(1, {
          resourcePreEvent: {
            metadata: {
              op: "create",
              urn,
              new: { urn, type: "pulumi-nodejs:dynamic/infomaniak:ExternalInvitation", inputs, outputs: {} },
            },
          },
        }),
        event(2, policyEvent(level, "infomaniak-guest-domains", "guests may come only from partner.example")),
        ...(level === "mandatory"
          ? [
              event(3, {
                diagnosticEvent: { prefix: "error: ", message: "preview failed\n", severity: "error" },
              }),
            ]
          : []),
        event(4, { summaryEvent: { resourceChanges: { create: 1 } } }),
      ].join("\n");

    const advisory = readPreviewOutput(log("advisory"), "log");
    expect(advisory.policy).toEqual([
      {
        urn,
        rule: "infomaniak-guest-domains",
        pack: "infomaniak-mailbox-sharing",
        level: "advisory",
        message: "guests may come only from partner.example",
      },
    ]);
    const blocked = readPreviewOutput(log("mandatory"), "log");
    expect(blocked.incomplete).toBeUndefined();
    const report = buildPermissionReport(blocked.steps, "2026-11-29", blocked.policy);
    expect(report.blockedByPolicy).toBe(true);
    expect(report.facts[0]).toMatchObject({
      who: "eve@elsewhere.example",
      policy: ["infomaniak-guest-domains (mandatory)"],
    });
    expect(report.policy).toEqual([
      expect.objectContaining({
        mailbox: "support@acme.example",
        who: "eve@elsewhere.example",
        resource: "guest-eve",
      }),
    ]);
    const markdown = renderMarkdown(report);
    expect(markdown).toContain("**Blocked by policy: 1 mandatory violation (see Policy findings)");
    expect(markdown).toContain("| gains access | eve@elsewhere.example | can_manage_filters |");
    expect(markdown).toContain("| infomaniak-guest-domains (mandatory) |");
    expect(markdown).toContain(
      "| mandatory | infomaniak-guest-domains | guest-eve | support@acme.example | eve@elsewhere.example | guests may come only from partner.example |",
    );
    // Any other error still makes the run one the report cannot vouch for.
    const alsoBroken = `${log("mandatory")}\n${event(5, { diagnosticEvent: { message: "boom", severity: "error" } })}`;
    expect(readPreviewOutput(alsoBroken, "log").incomplete).toBe("the run failed: preview failed");
  });

  it("refuses what is not engine output, saying what it expects", () => {
    expect(() => parsePreviewOutput("hello", "x.txt")).toThrow(PreviewInputError);
    expect(() => parsePreviewOutput('{"resources": []}', "state.json")).toThrow(
      "state.json is neither `pulumi preview --json` output nor engine events",
    );
  });
});
