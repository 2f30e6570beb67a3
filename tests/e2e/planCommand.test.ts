import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { offlineEngineEnv } from "../../sdk/automation/localStack";
import type { PlannedClient } from "../../cli/plan/clients";
import { touchedClients } from "../../cli/plan/clients";
import { writeRecoveryFile } from "../../provider/fields/recovery";
import type { ClientResult, PlanResult } from "../../cli/plan/combinedReport";
import { planExitCode, renderPlanMarkdown } from "../../cli/plan/combinedReport";
import type { PermissionReport } from "../../cli/report/permissionReport";
import { buildPermissionReport } from "../../cli/report/permissionReport";
import type { CliProject } from "../support/pulumiCli";
import { cliProject, describeWithLanguageHost, infomaniakMailbox, initStack } from "../support/pulumiCli";
import { commitAll, git, initRepository } from "../support/gitRepo";
import type { TestSimulator } from "../support/simulator";
import { startTestSimulator, TEST_TODAY, TOKENS } from "../support/simulator";
import { expectGolden } from "../support/golden";

const ROOT = join(__dirname, "../..");
const GOLDEN = join(__dirname, "golden/plan-report.md");

/** A third client on the webmail organisation, with a token of its own (organisation.tokenEnv). */
const ACME_OPS_SPEC = `# Acme's operations: their own Infomaniak token, in ACME_OPS_TOKEN.
organisation:
  name: acme-ops
  accountId: 100
  mailHostingId: 10
  tokenEnv: ACME_OPS_TOKEN

members:
  - { email: david@acme.example, firstName: David, lastName: Weber, role: normal, adopt: true }

mailboxes:
  - name: alice
    grants:
      - member: david@acme.example
        preset: readOnly
        reason: Covers for Alice
        owner: alice@acme.example
        reviewAfter: 2027-03-31
`;

/** The report's JSON, as much as the test reads of it. */
const PlanJson = z.object({
  base: z.string().nullable(),
  clients: z.array(
    z.looseObject({
      stack: z.string(),
      specFile: z.string(),
      touched: z.boolean(),
      previewed: z.boolean(),
      outcome: z.string(),
      tokenEnv: z.string().optional(),
      error: z.string().optional(),
      report: z
        .looseObject({
          scope: z.looseObject({ stack: z.string() }),
          summary: z.looseObject({ gains: z.number() }),
          blockedByPolicy: z.boolean(),
        })
        .optional(),
    }),
  ),
});

function edit(file: string, from: string, to: string): void {
  const text = readFileSync(file, "utf8");
  if (!text.includes(from)) throw new Error(`${file} has no ${from}`);
  writeFileSync(file, text.replace(from, to));
}

/** The "Previewing …" progress lines: one per preview the command ran. */
function previews(stderr: string): string[] {
  return stderr.split("\n").filter((line) => line.startsWith("Previewing "));
}

// Three previews in all (each a Node.js program, its provider and the policy pack), on two cores.
jest.setTimeout(600_000);

describeWithLanguageHost("plan: a program folder of three client stacks in a git repository", () => {
  let sim: TestSimulator;
  let project: CliProject;
  let env: NodeJS.ProcessEnv;
  const file = (name: string) => join(project.stateDir, name);
  const plan = (args: string[], extra: NodeJS.ProcessEnv = {}) =>
    infomaniakMailbox(["plan", "--program", project.dir, ...args], { ...env, ...extra });

  /**
   * examples/organisations with a third client, every stack pointing at the simulator and no token in
   * config (CI gives it in the environment), committed as the base; then a commit that changes the
   * specs of acme (a guest from a domain the policy does not allow: blocked) and legacy-gmbh.
   */
  beforeAll(async () => {
    sim = await startTestSimulator();
    project = cliProject(join(ROOT, "examples/organisations"));
    mkdirSync(join(project.dir, "clients/acme-ops"));
    writeFileSync(join(project.dir, "clients/acme-ops/organisation.yaml"), ACME_OPS_SPEC);
    // Policy dates counted from the tests' day, not the machine's: the report is a golden file.
    const policy = join(project.dir, "policy-config.json");
    edit(policy, '"maxDaysAhead": 365', `"maxDaysAhead": 365, "today": "${TEST_TODAY}"`);
    for (const stack of ["acme", "acme-ops", "legacy-gmbh"])
      await initStack(
        project,
        stack,
        sim.url,
        { "infomaniak-organisations:specFile": `clients/${stack}/organisation.yaml` },
        { tokenInConfig: false, configInProject: true },
      );
    initRepository(project.dir);
    git(project.dir, "tag", "base");
    const acme = join(project.dir, "clients/acme/organisation.yaml");
    edit(
      acme,
      "        expiresAt: 2027-02-28\n",
      "        expiresAt: 2027-02-28\n" +
        "      - { email: helper@gmail.example, preset: readOnly, reason: Holiday cover, owner: bruno@acme.example, reviewAfter: 2027-01-31 }\n",
    );
    const legacy = join(project.dir, "clients/legacy-gmbh/organisation.yaml");
    edit(legacy, "reason: Answers customer questions", "reason: Answers customer questions and orders");
    commitAll(project.dir, "acme: a holiday helper on support@; legacy-gmbh: info@ also takes orders");
    env = {
      ...process.env,
      ...offlineEngineEnv(project.stateDir),
      PULUMI_SKIP_UPDATE_CHECK: "true",
      INFOMANIAK_TOKEN: TOKENS.full,
      INFOMANIAK_REQUESTS_PER_MINUTE: "100000",
      ACME_OPS_TOKEN: "",
    };
  });
  afterAll(async () => {
    project.remove();
    await sim.stop();
  });

  it("previews exactly the two clients the change touched and writes one report for them (golden) and its JSON", async () => {
    const pack = join(project.dir, "node_modules/pulumi-infomaniak-mailbox/policy-pack");
    const args = ["--base", "base", "--output", file("plan.md"), "--json", file("plan.json")];
    const policy = ["--policy-pack", pack, "--policy-pack-config", join(project.dir, "policy-config.json")];
    const result = await plan([...args, ...policy, "--today", TEST_TODAY, "--fail-on-removal"]);
    // acme's preview failed on a mandatory policy: exit 1 once the report is written.
    expect(`${result.code} ${result.stderr}`).toMatch(/^1 /);
    expect(previews(result.stderr)).toEqual(["Previewing acme (1/2)…", "Previewing legacy-gmbh (2/2)…"]);
    expect(result.stderr).toContain("plan: the preview of acme failed; see the report.");
    expect(result.stdout).toBe("");

    const markdown = readFileSync(file("plan.md"), "utf8");
    expectGolden(GOLDEN, markdown);
    expect(markdown).toContain("| acme | clients/acme/organisation.yaml | blocked by policy (");
    expect(markdown).toContain(
      "| mandatory | infomaniak-guest-domains | acme/support/invitation/helper@gmail.example |",
    );
    expect(markdown).toMatch(/\n## legacy-gmbh\n\n### Mailbox access in organisation 200 /);
    expect(markdown).toContain("## Not previewed: no change touches them\n\n- acme-ops (");

    const json = PlanJson.parse(JSON.parse(readFileSync(file("plan.json"), "utf8")));
    expect(json.base).toBe("base");
    const summary = json.clients.map((c) => [
      c.stack,
      c.touched,
      c.previewed,
      c.outcome,
      c.report?.scope.stack,
    ]);
    expect(summary).toEqual([
      ["acme", true, true, "blocked-by-policy", "acme"],
      ["acme-ops", false, false, "untouched", undefined],
      ["legacy-gmbh", true, true, "previewed", "legacy-gmbh"],
    ]);
    expect(json.clients[0]?.report?.blockedByPolicy).toBe(true);
    expect(json.clients[2]?.report?.summary.gains).toBeGreaterThan(0);
    for (const text of [markdown, JSON.stringify(json), result.stderr])
      expect(text).not.toContain(TOKENS.full);
  });

  it("--list prints the touched clients for a CI matrix, without previewing", async () => {
    const listed = await plan(["--list", "--base", "base"]);
    expect(listed).toEqual({ code: 0, stdout: '["acme","legacy-gmbh"]\n', stderr: "" });
    const all = await plan(["--list"]);
    expect(all.stdout).toBe('["acme","acme-ops","legacy-gmbh"]\n');
    // What `recover` leaves for a client (git ignores it) touches no client.
    const before = await plan(["--list", "--base", "HEAD"]);
    const marker = writeRecoveryFile(project.dir, "acme-ops", {
      interruptedAt: "2026-11-30T10:00:00.000Z",
      until: "2026-12-01T10:00:00.000Z",
      adopt: [],
    });
    const recovered = await plan(["--list", "--base", "HEAD"]);
    rmSync(marker);
    expect(recovered).toEqual(before);
    expect(before.stdout).not.toContain("acme-ops");
  });

  it("refuses a base, a stack or a policy pack that does not exist before running anything", async () => {
    const [base, stack, pack] = await Promise.all([
      plan(["--base", "no-such-ref"]),
      plan(["--stack", "globex"]),
      plan(["--policy-pack", file("no-pack")]),
    ]);
    expect(base).toMatchObject({ code: 1, stdout: "" });
    expect(base.stderr).toContain("--base no-such-ref is no commit of this repository");
    expect(stack.stderr).toContain(
      "--stack globex: no such client; the clients are acme, acme-ops, legacy-gmbh",
    );
    expect(pack.stderr).toMatch(/--policy-pack .*no-pack: no such folder/);
    for (const r of [base, stack, pack]) expect(previews(r.stderr)).toEqual([]);
  });

  it("a client whose token variable is empty is reported, not previewed; with a token Infomaniak refuses, its failed preview is reported", async () => {
    // Uncommitted: the working tree against the base counts.
    const spec = join(project.dir, "clients/acme-ops/organisation.yaml");
    edit(spec, "reason: Covers for Alice", "reason: Covers for Alice on Fridays");
    const args = ["--base", "base", "--stack", "acme-ops", "--json", file("ops.json")];
    const unset = await plan(args);
    expect(unset.code).toBe(0);
    expect(unset.stderr).toBe("Not previewing acme-ops (1/1): ACME_OPS_TOKEN is not set\n");
    expect(unset.stdout).toContain(
      "| acme-ops | clients/acme-ops/organisation.yaml | not previewed: ACME_OPS_TOKEN is not set |",
    );
    expect(unset.stdout).toContain("reads its token from `ACME_OPS_TOKEN` (organisation.tokenEnv)");
    const json = PlanJson.parse(JSON.parse(readFileSync(file("ops.json"), "utf8")));
    expect(json.clients).toEqual([
      expect.objectContaining({
        stack: "acme-ops",
        touched: true,
        previewed: false,
        outcome: "missing-token",
      }),
    ]);
    expect(json.clients[0]?.tokenEnv).toBe("ACME_OPS_TOKEN");
    // The other clients' changed specs are theirs, not the shared program: only its own change counts.
    expect(json.clients[0]?.["reason"]).toBe("its spec changed");
    // --require-all: the same run fails, after writing the report, naming the client and the fix.
    const required = await plan([...args, "--require-all"]);
    expect(required.code).toBe(1);
    expect(required.stdout).toBe(unset.stdout);
    expect(required.stderr).toContain(
      "plan: --require-all: acme-ops was not previewed: ACME_OPS_TOKEN is not set. Give this run that variable, or leave the client out with --stack\n",
    );

    // A token the simulator does not know: the preview fails at its first request.
    const revoked = "acme-ops-revoked-token-0123456789";
    const refused = await plan(args, { ACME_OPS_TOKEN: revoked });
    expect(`${refused.code} ${refused.stderr}`).toMatch(/^1 Previewing acme-ops \(1\/1\)…\n/);
    expect(refused.stdout).toContain(
      "| acme-ops | clients/acme-ops/organisation.yaml | preview failed (exit ",
    );
    expect(refused.stdout).toMatch(/\*\*Preview failed\*\* \(exit \d+\): the run failed: /);
    expect(refused.stdout).toContain("The engine's last lines:\n\n```text\n");
    for (const text of [
      unset.stdout,
      unset.stderr,
      refused.stdout,
      refused.stderr,
      readFileSync(file("ops.json"), "utf8"),
    ])
      for (const token of [revoked, TOKENS.full]) expect(text).not.toContain(token);
  });
});

/** A report of one gain, or one loss. */
function reportWith(kind: "create" | "delete"): PermissionReport {
  const state = {
    inputs: { accountId: 100, mailHostingId: 10, mailbox: "support", userEmail: "bruno@acme.example" },
    outputs: {},
  };
  const step = {
    op: kind,
    urn: "urn:pulumi:acme::infomaniak-organisations::pulumi-nodejs:dynamic:Resource$pulumi-nodejs:dynamic/infomaniak:MailboxAccess::acme/support/grant/bruno@acme.example",
    type: "pulumi-nodejs:dynamic/infomaniak:MailboxAccess",
    ...(kind === "create" ? { new: state } : { old: state }),
  };
  return buildPermissionReport([step], TEST_TODAY);
}

function client(stack: string, touched = true): PlannedClient {
  const specFile = `clients/${stack}/organisation.yaml`;
  return {
    stack,
    specFile,
    specPath: `/repo/program/${specFile}`,
    configPath: `/repo/program/Pulumi.${stack}.yaml`,
    touched,
    reason: touched ? "its spec changed" : "",
  };
}

describe("plan's decisions, without the engine", () => {
  const clients = [client("acme"), client("beta")];

  it("touches a client by its spec or stack file, every client by another file of the folder, tracked or not", () => {
    const touched = (tracked: string[], untracked: string[] = []) =>
      touchedClients(clients, { tracked, untracked }, "/repo/program").map((c) => `${c.stack}:${c.reason}`);
    expect(touched(["/repo/program/clients/acme/organisation.yaml"])).toEqual([
      "acme:its spec changed",
      "beta:",
    ]);
    expect(touched(["/repo/program/Pulumi.beta.yaml", "/repo/README.md"])).toEqual([
      "acme:",
      "beta:its stack settings changed",
    ]);
    expect(touched(["/repo/program/index.ts"])).toEqual([
      "acme:the shared program changed (index.ts)",
      "beta:the shared program changed (index.ts)",
    ]);
    expect(touched([], ["/repo/program/clients/beta/organisation.yaml"])).toEqual([
      "acme:",
      "beta:its spec changed",
    ]);
    // A new file nobody added yet (git status shows it): a change, as uncommitted ones are.
    expect(touched([], ["/repo/program/clients/acme/notes.yaml"])).toEqual([
      "acme:the shared program changed (clients/acme/notes.yaml)",
      "beta:the shared program changed (clients/acme/notes.yaml)",
    ]);
    expect(touchedClients(clients, undefined, "/repo/program").every((c) => c.touched)).toBe(true);
  });

  it("exits 1 on a failed preview (before the removal gate) or, with --require-all, one not previewed; 3 on a loss with --fail-on-removal, else 0", () => {
    const rules = (failOnRemoval: boolean, requireAll = false) => ({
      failOnRemoval,
      requireAll,
      gateExitCode: 3,
    });
    const planOf = (...results: ClientResult["result"][]): PlanResult => ({
      base: "main",
      clients: results.map((result, i) => ({ client: client(`c${i}`), result })),
    });
    const loss = planOf({ outcome: "previewed", report: reportWith("delete") });
    expect(loss.clients[0]?.result).toMatchObject({ report: { removesAccess: true } });
    expect(planExitCode(loss, rules(true))).toBe(3);
    expect(planExitCode(loss, rules(false))).toBe(0);
    const failed = planOf(
      { outcome: "previewed", report: reportWith("delete") },
      { outcome: "failed", exitCode: 255, error: "the run failed", output: ["error: boom"] },
    );
    expect(planExitCode(failed, rules(true))).toBe(1);
    const missing = planOf({ outcome: "missing-token", tokenEnv: "X" }, { outcome: "untouched" });
    expect(planExitCode(missing, rules(true))).toBe(0);
    expect(planExitCode(missing, rules(true, true))).toBe(1);
  });

  it("keeps the engine's output inside its code block, whatever backticks it holds", () => {
    const markdown = renderPlanMarkdown({
      base: undefined,
      clients: [
        {
          client: client("acme"),
          result: { outcome: "failed", exitCode: 1, error: "x", output: ["```", "a ```` b"] },
        },
      ],
    });
    expect(markdown).toContain("No base given: all 1 client taken; 1 previewed.");
    expect(markdown).toContain("`````text\n```\na ```` b\n`````\n");
  });
});
