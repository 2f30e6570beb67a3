import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { Organisation } from "pulumi-infomaniak-mailbox";
import type { OrganisationSpec } from "pulumi-infomaniak-mailbox";
import { GATE_EXIT_CODE, runReport } from "../../cli/report/command";
import { InfomaniakClient } from "../../provider/api/client";
import type { EngineStack } from "../support/engineStack";
import { simulatorStack } from "../support/engineStack";
import type { TestSimulator } from "../support/simulator";
import { startTestSimulator, testSettings, TOKENS } from "../support/simulator";
import { jsonPreviewCli } from "../support/jsonPreviewCli";
import { makeTempDir } from "../support/tempDir";
import { expectGolden } from "../support/golden";

const GOLDEN = join(__dirname, "golden/permissionReport.md");

const review = { reason: "Support rota", owner: "it@acme.example", reviewAfter: "2027-06-30" };

/** The spec before the change under review. */
function baseSpec(): OrganisationSpec {
  return {
    organisation: { name: "acme", accountId: 100, mailHostingId: 10 },
    mailHostings: [],
    members: [
      { email: "alice@acme.example", firstName: "Alice", lastName: "Martin", role: "owner", adopt: true },
      { email: "bruno@acme.example", firstName: "Bruno", lastName: "Keller", role: "admin", adopt: true },
      { email: "chloe@acme.example", firstName: "Chloé", lastName: "Rossi", adopt: true },
      { email: "david@acme.example", firstName: "David", lastName: "Weber", adopt: true },
    ],
    mailboxes: [
      {
        name: "support",
        mode: "additive",
        grants: [
          { member: "bruno@acme.example", preset: "delegate", ...review },
          { member: "chloe@acme.example", preset: "readOnly", ...review, reason: "Holiday cover" },
        ],
        invitations: [],
      },
      {
        name: "sales",
        mode: "authoritative",
        grants: [
          {
            member: "alice@acme.example",
            permissions: { can_manage_filters: true, can_manage_signatures: true },
            adopt: true,
            reason: "Owner keeps an eye on sales",
            owner: "alice@acme.example",
            reviewAfter: "2027-12-31",
          },
        ],
        invitations: [],
      },
    ],
  };
}

/** The change: David added, Chloé removed, Bruno from delegate to manager. */
function changedSpec(): OrganisationSpec {
  const spec = baseSpec();
  const support = spec.mailboxes[0];
  if (!support) throw new Error("the base spec has support first");
  support.grants = [
    { member: "bruno@acme.example", preset: "manager", ...review, reason: "Leads the support team" },
    {
      member: "david@acme.example",
      preset: "readOnly",
      ...review,
      reason: "New in support",
      expiresAt: "2027-01-31",
    },
  ];
  return spec;
}

/** Someone given sales@, an authoritative mailbox, in the Manager: outside the spec. */
async function giveChloeSalesOutOfBand(url: string): Promise<void> {
  const client = new InfomaniakClient(testSettings(url));
  try {
    await client.mailboxAccesses.grant(
      { mailHostingId: 10, mailboxName: "sales" },
      { userId: 3, email: "chloe@acme.example", firstName: "Chloé", lastName: "Rossi" },
      { can_manage_rules: true },
      "fr",
    );
  } finally {
    await client.close();
  }
}

describe("the permission report, from the engine's own preview events", () => {
  let sim: TestSimulator;
  let engine: EngineStack;
  let spec: OrganisationSpec = baseSpec();
  const temp = makeTempDir("permission-report");

  /** Runs the report command on a file of engine events, as CI would; returns its output and exit code. */
  const report = (events: EngineEvent[], ...args: string[]) => {
    const file = join(temp.path, "preview-events.jsonl");
    writeFileSync(file, events.map((e) => JSON.stringify(e)).join("\n"));
    let out = "";
    let err = "";
    const code = runReport(["--preview", file, ...args], {
      write: (t) => (out += t),
      warn: (t) => (err += t),
      readStdin: () => "",
    });
    return { out, err, code };
  };
  const previewEvents = async () => {
    const events: EngineEvent[] = [];
    await engine.stack.preview({ color: "never", onEvent: (e) => events.push(e) });
    return events;
  };

  /** The preview of the stack's first up, before anything exists. */
  let firstPreview: EngineEvent[] = [];

  beforeAll(async () => {
    sim = await startTestSimulator();
    engine = await simulatorStack(sim, "permission-report", () => {
      new Organisation({ spec });
    });
    firstPreview = await previewEvents();
    await engine.stack.up({ color: "never" });
  });
  afterAll(async () => {
    engine.remove();
    temp.remove();
    await sim.stop();
  });

  it("reports nothing for a preview with no change", async () => {
    const { out, code } = report(await previewEvents(), "--today", "2026-11-28", "--fail-on-removal");
    expect(out).toContain("No one gains, loses or changes access to a mailbox.");
    expect(code).toBe(0);
  });

  it("names each mailbox the same before its first creation as after", async () => {
    const mailboxesIn = (events: EngineEvent[]) =>
      [
        ...new Set(
          (
            JSON.parse(report(events, "--format", "json", "--today", "2026-11-28").out) as {
              facts: { mailbox: string }[];
            }
          ).facts.map((f) => f.mailbox),
        ),
      ].sort();
    // sales@ is adopted as it is: only support@ has facts in the first preview.
    expect(mailboxesIn(firstPreview)).toEqual(["support@acme.example"]);
    // The same grants, gone again: now the resources exist, and their steps know the address.
    await giveChloeSalesOutOfBand(sim.url);
    const removed = await (async () => {
      const kept = spec;
      spec = { ...kept, mailboxes: kept.mailboxes.map((m) => ({ ...m, grants: [] })) };
      try {
        return await previewEvents();
      } finally {
        spec = kept;
      }
    })();
    expect(mailboxesIn(removed)).toEqual(["sales@acme.example", "support@acme.example"]);
    // Taken back in the Manager too: the policy never revoked her, so the next test's grant is news
    // to it (one it had revoked would be a conflict: docs/reliability.md, "Two runs at once").
    const client = new InfomaniakClient(testSettings(sim.url));
    await client.mailboxAccesses
      .revoke({ mailHostingId: 10, mailboxName: "sales" }, 3)
      .finally(() => client.close());
  });

  it("lists exactly the four facts of a prepared change, in the pinned Markdown format", async () => {
    await giveChloeSalesOutOfBand(sim.url);
    spec = changedSpec();
    const events = await previewEvents();

    const markdown = report(events, "--today", "2026-11-28");
    expectGolden(GOLDEN, markdown.out);
    expect(markdown.code).toBe(0);

    const json = JSON.parse(report(events, "--format", "json", "--today", "2026-11-28").out) as {
      facts: { kind: string; mailbox: string; who: string }[];
    };
    expect(json.facts.map((f) => `${f.kind} ${f.mailbox} ${f.who}`)).toEqual([
      "loses sales@acme.example chloe@acme.example",
      "gains support@acme.example david@acme.example",
      "loses support@acme.example chloe@acme.example",
      "changes support@acme.example bruno@acme.example",
    ]);

    const gate = report(events, "--today", "2026-11-28", "--fail-on-removal");
    expect(gate.code).toBe(GATE_EXIT_CODE);
    expect(gate.err).toContain("2 loss(es) of access");
  });

  it("reads `pulumi preview --json --show-sames` output to the same four facts", async () => {
    const other = await startTestSimulator();
    let current = baseSpec();
    const cli = await jsonPreviewCli(join(temp.path, "json-cli"));
    const jsonEngine = await simulatorStack(
      other,
      "permission-report-json",
      () => {
        new Organisation({ spec: current });
      },
      {},
      cli,
    );
    try {
      await jsonEngine.stack.up({ color: "never" });
      await giveChloeSalesOutOfBand(other.url);
      current = changedSpec();
      let stdout = "";
      await jsonEngine.stack.preview({ color: "never", onOutput: (t) => (stdout += t) });
      expect(JSON.parse(stdout)).toHaveProperty("steps");
      expect(stdout).not.toContain(TOKENS.full);
      const file = join(temp.path, "preview.json");
      writeFileSync(file, stdout);
      let out = "";
      runReport(["--preview", file, "--format", "json", "--today", "2026-11-28"], {
        write: (t) => (out += t),
        warn: () => undefined,
        readStdin: () => "",
      });
      const facts = (JSON.parse(out) as { facts: { kind: string; mailbox: string; who: string }[] }).facts;
      expect(facts.map((f) => `${f.kind} ${f.mailbox} ${f.who}`)).toEqual([
        "loses sales@acme.example chloe@acme.example",
        "gains support@acme.example david@acme.example",
        "loses support@acme.example chloe@acme.example",
        "changes support@acme.example bruno@acme.example",
      ]);
    } finally {
      jsonEngine.remove();
      await other.stop();
    }
  });

  it("flags grants past their review date or end date", async () => {
    const { out } = report(await previewEvents(), "--format", "json", "--today", "2027-07-01");
    const flags = (JSON.parse(out) as { flags: { who: string; flags: string[] }[] }).flags;
    expect(flags).toEqual([
      expect.objectContaining({ who: "bruno@acme.example", flags: ["review-due"] }),
      expect.objectContaining({ who: "david@acme.example", flags: ["review-due", "end-date-passed"] }),
    ]);
  });

  it("finds drift in a scheduled refresh preview and trips the drift gate", async () => {
    await engine.stack.up({ color: "never" });
    const client = new InfomaniakClient(testSettings(sim.url));
    // Out of band: Bruno's rights cut down in the Manager.
    await client.mailboxAccesses.update({ mailHostingId: 10, mailboxName: "support" }, 2, {
      can_manage_filters: true,
    });
    await client.close();
    // The scheduled check: `pulumi refresh --preview-only`, nothing written to the state.
    const events: EngineEvent[] = [];
    await engine.stack.refresh({ color: "never", previewOnly: true, onEvent: (e) => events.push(e) });
    const { out, code, err } = report(events, "--format", "json", "--today", "2026-11-28", "--fail-on-drift");
    const facts = (JSON.parse(out) as { facts: { kind: string; who: string; removed: string[] }[] }).facts;
    expect(facts).toEqual([
      expect.objectContaining({
        kind: "drift",
        who: "bruno@acme.example",
        removed: expect.arrayContaining(["can_manage_rules"]) as unknown,
      }),
    ]);
    expect(code).toBe(GATE_EXIT_CODE);
    expect(err).toContain("drift");

    // The same drift in `preview --refresh`: one row, the drift, and what this up does about it.
    const withRefresh: EngineEvent[] = [];
    await engine.stack.preview({ color: "never", refresh: true, onEvent: (e) => withRefresh.push(e) });
    const refreshed = JSON.parse(report(withRefresh, "--format", "json", "--today", "2026-11-28").out) as {
      facts: { kind: string; who: string; note: string }[];
    };
    expect(refreshed.facts).toEqual([
      expect.objectContaining({
        kind: "drift",
        who: "bruno@acme.example",
        note: "rights changed outside this stack: this up sets the declared ones again",
      }),
    ]);
    await engine.stack.up({ color: "never", refresh: true });
  });

  it("lists organisation membership changes: an invitation the spec sends", async () => {
    const kept = spec;
    spec = {
      ...kept,
      members: [...kept.members, { email: "zoe@acme.example", firstName: "Zoé", lastName: "Meier" }],
    };
    try {
      const { out } = report(await previewEvents(), "--today", "2026-11-28");
      expect(out).toContain("### Organisation membership");
      expect(out).toContain("| invited | zoe@acme.example | 100 | normal | an invitation e-mail is sent |");
      expect(out).toContain("0 gains · 0 loses · 0 changes · 0 unmanaged · 0 drift · 1 membership");
    } finally {
      spec = kept;
    }
  });

  it("lets a spec acknowledge known undeclared access: the drift gate passes it, and trips on a new one", async () => {
    const kept = spec;
    const withSales = (acknowledged?: { who: string; reason: string; owner: string }[]) => ({
      ...kept,
      mailboxes: kept.mailboxes.map((m) =>
        m.name === "sales"
          ? { ...m, mode: "report-only" as const, ...(acknowledged ? { acknowledged } : {}) }
          : m,
      ),
    });
    try {
      await giveChloeSalesOutOfBand(sim.url);
      spec = withSales();
      expect(report(await previewEvents(), "--today", "2026-11-28", "--fail-on-drift").code).toBe(
        GATE_EXIT_CODE,
      );
      spec = withSales([
        { who: "chloe@acme.example", reason: "Moves to sales in January", owner: "alice@acme.example" },
      ]);
      const passed = report(await previewEvents(), "--today", "2026-11-28", "--fail-on-drift");
      expect(passed.code).toBe(0);
      expect(passed.out).toContain(
        "| undeclared | chloe@acme.example | can_manage_rules | Moves to sales in January | alice@acme.example |",
      );
      // Someone else given sales@ in the Manager: not acknowledged, so the gate trips again.
      const client = new InfomaniakClient(testSettings(sim.url));
      await client.mailboxAccesses.grant(
        { mailHostingId: 10, mailboxName: "sales" },
        { userId: 4, email: "david@acme.example", firstName: "David", lastName: "Weber" },
        {},
        "fr",
      );
      await client.close();
      const tripped = report(await previewEvents(), "--today", "2026-11-28", "--fail-on-drift");
      expect(tripped.code).toBe(GATE_EXIT_CODE);
      expect(tripped.err).toContain("1 undeclared and not acknowledged");
    } finally {
      spec = kept;
    }
  });

  it("refuses the log of a preview that failed, and marks a report it is asked to make from it as partial", async () => {
    const good = spec;
    // A mail hosting that is in no organisation: the provider's check fails the preview.
    spec = { ...good, organisation: { ...good.organisation, mailHostingId: 999 } };
    const events: EngineEvent[] = [];
    await expect(engine.stack.preview({ color: "never", onEvent: (e) => events.push(e) })).rejects.toThrow();
    spec = good;
    expect(() => report(events, "--today", "2026-11-28")).toThrow(
      /the run failed: .*mail hosting 999 is not in organisation 100: use one of 10 as organisation\.mailHostingId in the spec[\s\S]*No report is made from it: fix the run and report on its output, or pass --allow-incomplete/,
    );
    const partial = report(events, "--today", "2026-11-28", "--allow-incomplete");
    expect(partial.out.split("\n")[0]).toMatch(
      /^\*\*Incomplete: built from part of a run \(the run failed: /,
    );
    expect(() => report([], "--today", "2026-11-28")).toThrow("is empty: no preview output");
  });
});
