import { copyFileSync, linkSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { PulumiCommand } from "@pulumi/pulumi/automation";
import { buildPermissionReport } from "../../cli/report/permissionReport";
import { readPreviewOutput } from "../../cli/shared/previewSteps";
import { renderMarkdown } from "../../cli/report/renderMarkdown";
import type { Declared } from "../fixtures/policyProject/declare";
import { DECLARATION_FILE, declare } from "../fixtures/policyProject/declare";
import { nonGetCount, simulatorStack } from "../support/engineStack";
import { cliProject, describeWithLanguageHost, initStack, stackArgs } from "../support/pulumiCli";
import type { TestSimulator } from "../support/simulator";
import { SEED, startTestSimulator, TOKENS } from "../support/simulator";
import { makeTempDir } from "../support/tempDir";

const ROOT = join(__dirname, "../..");
const PACK = join(ROOT, "node_modules/pulumi-infomaniak-mailbox/policy-pack");
const review = { reason: "Support rota", owner: "it@acme.example", reviewAfter: "2027-06-30" };
const on = (mailbox: string) => ({ mailHostingId: SEED.webmailHosting, mailbox });

const grant = (name: string, mailbox: string, userEmail: string, terms: object): Declared => ({
  kind: "grant",
  name,
  args: { ...on(mailbox), userEmail, review, ...terms },
});
const invitation = (name: string, mailbox: string, email: string, terms: object): Declared => ({
  kind: "invitation",
  name,
  args: { ...on(mailbox), email, send: false, review, ...terms },
});

/** Declarations every rule passes, as the policy config below sets the rules. */
const PASSING: Declared[] = [
  grant("grant-ok", "support", "bruno@acme.example", { preset: "delegate" }),
  grant("grant-full-support", "support", "david@acme.example", { preset: "full" }),
  invitation("guest-ok", "support", "guest@partner.example", { preset: "readOnly" }),
];

/** Declarations that break rules: each resource rule once, the stack rule on sales@ (4 security holders). */
const BREAKING_RESOURCE_RULES: Declared[] = [
  invitation("guest-sensitive", "sales", "auditor@partner.example", {
    permissions: { can_change_password: true, can_manage_security: true },
  }),
  invitation("guest-elsewhere", "support", "eve@elsewhere.example", { preset: "readOnly" }),
  {
    kind: "grant",
    name: "grant-unreviewed",
    args: { ...on("support"), userEmail: "chloe@acme.example", preset: "readOnly" },
  },
  grant("grant-full-sales", "sales", "david@acme.example", { preset: "full" }),
  grant("grant-invoices", "invoices", "bruno@acme.example", { preset: "readOnly" }),
];
const BREAKING: Declared[] = [
  ...BREAKING_RESOURCE_RULES,
  grant("grant-sec-bruno", "sales", "bruno@acme.example", { permissions: { can_manage_security: true } }),
  grant("grant-sec-chloe", "sales", "chloe@acme.example", { permissions: { can_manage_security: true } }),
];

/** Which resources each rule flags among BREAKING (and never among PASSING). */
const EXPECTED = [
  "infomaniak-guest-domains guest-elsewhere",
  "infomaniak-outsider-rights guest-sensitive",
  "infomaniak-preset-mailboxes grant-full-sales",
  "infomaniak-review-required grant-unreviewed",
  "infomaniak-right-holders grant-full-sales",
  "infomaniak-right-holders grant-sec-bruno",
  "infomaniak-right-holders grant-sec-chloe",
  "infomaniak-right-holders guest-sensitive",
  "infomaniak-unshared-mailboxes grant-invoices",
];

/** The policy config file: every rule at `level`, with settings that make the declarations above pass or break. */
function policyConfig(dir: string, level: "advisory" | "mandatory"): string {
  const file = join(dir, `policy-${level}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      "infomaniak-outsider-rights": { enforcementLevel: level },
      "infomaniak-guest-domains": { enforcementLevel: level, allowedDomains: ["partner.example"] },
      "infomaniak-review-required": { enforcementLevel: level, today: "2026-11-29" },
      "infomaniak-right-holders": { enforcementLevel: level, limits: { can_manage_security: 1 } },
      "infomaniak-preset-mailboxes": { enforcementLevel: level, presets: { full: ["support@acme.example"] } },
      "infomaniak-unshared-mailboxes": { enforcementLevel: level, mailboxes: ["invoices@*"] },
    }),
  );
  return file;
}

type PolicyEvent = NonNullable<EngineEvent["policyEvent"]>;

function findings(events: readonly PolicyEvent[]): string[] {
  return events.map((e) => `${e.policyName} ${e.resourceUrn?.split("::").pop() ?? "(stack)"}`).sort();
}

/**
 * A folder with `pulumi` alone (a hard link, or a copy) and the dynamic provider's plugin: the engine
 * finds no Node.js language host beside it, as on a machine with only the CLI.
 */
async function engineWithoutLanguageHost(dir: string): Promise<{ command: PulumiCommand; path: string }> {
  const bin = join(dir, "bin");
  mkdirSync(bin, { recursive: true });
  const installed = await PulumiCommand.get({ skipVersionCheck: true });
  const which = (process.env["PATH"] ?? "").split(":").map((p) => join(p, "pulumi"));
  const source = which.find((candidate) => {
    try {
      linkSync(candidate, join(bin, "pulumi"));
      return true;
    } catch {
      return false;
    }
  });
  if (!source) copyFileSync(installed.command, join(bin, "pulumi"));
  symlinkSync(
    join(ROOT, "node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"),
    join(bin, "pulumi-resource-pulumi-nodejs"),
  );
  return {
    command: await PulumiCommand.get({ root: dir, skipVersionCheck: true }),
    path: `${bin}:/usr/local/bin:/usr/bin:/bin`,
  };
}

// Each test runs several engine operations, each starting the policy pack's process.
jest.setTimeout(300_000);

describe("the policy pack, through the engine", () => {
  let sim: TestSimulator;
  const temp = makeTempDir("policy");
  beforeEach(async () => {
    sim = await startTestSimulator();
  });
  afterEach(() => sim.stop());
  afterAll(() => temp.remove());

  it("advisory, without a language host (the package's launcher): each rule flags exactly the breaking declarations, `up` applies, and no message holds the token or a link", async () => {
    const engine = await engineWithoutLanguageHost(join(temp.path, "engine"));
    const config = policyConfig(temp.path, "advisory");
    const engineStack = await simulatorStack(
      sim,
      "policy-advisory",
      () => declare([...PASSING, ...BREAKING]),
      {},
      engine.command,
      {
        PATH: engine.path,
      },
    );
    const { stack } = engineStack;
    try {
      const events: EngineEvent[] = [];
      await stack.preview({
        policyPacks: [PACK],
        policyPackConfigs: [config],
        onEvent: (e) => events.push(e),
      });
      const policy = events.flatMap((e) => (e.policyEvent ? [e.policyEvent] : []));
      expect(findings(policy)).toEqual(EXPECTED);
      expect(new Set(policy.map((e) => String(e.enforcementLevel)))).toEqual(new Set(["advisory"]));

      // The permission report places each finding beside the grant it concerns.
      const run = readPreviewOutput(events.map((e) => JSON.stringify(e)).join("\n"), "events");
      expect(run.incomplete).toBeUndefined();
      const markdown = renderMarkdown(buildPermissionReport(run.steps, "2026-11-29", run.policy));
      expect(markdown).toMatch(
        /\| gains access \| eve@elsewhere\.example \|.*\| infomaniak-guest-domains \(advisory\) \|/,
      );
      expect(markdown).toContain(
        "| advisory | infomaniak-unshared-mailboxes | grant-invoices | invoices@acme.example | bruno@acme.example |",
      );

      const up = await stack.up({ policyPacks: [PACK], policyPackConfigs: [config] });
      expect(up.summary.resourceChanges?.["create"]).toBe(PASSING.length + BREAKING.length + 1);

      // Now the links exist (secret outputs in the state): a preview's messages hold none of them.
      const links = (await sim.admin.state()).mailboxInvitations?.map((i) => i.key) ?? [];
      expect(links).toHaveLength(3);
      const again: EngineEvent[] = [];
      await stack.preview({
        policyPacks: [PACK],
        policyPackConfigs: [config],
        onEvent: (e) => again.push(e),
      });
      const messages = again.flatMap((e) => (e.policyEvent ? [e.policyEvent.message] : []));
      expect(messages.some((m) => m.includes("guest-sensitive"))).toBe(true);
      for (const secret of [TOKENS.full, ...links]) expect(messages.join("\n")).not.toContain(secret);
    } finally {
      engineStack.remove();
    }
  });

  it("mandatory, through the Automation API: preview and up fail naming each rule, and nothing is written", async () => {
    const config = policyConfig(temp.path, "mandatory");
    const engineStack = await simulatorStack(sim, "policy-mandatory", () => declare(BREAKING_RESOURCE_RULES));
    const { stack } = engineStack;
    try {
      const events: EngineEvent[] = [];
      await expect(
        stack.preview({ policyPacks: [PACK], policyPackConfigs: [config], onEvent: (e) => events.push(e) }),
      ).rejects.toThrow(/preview failed/);
      const policy = events.flatMap((e) => (e.policyEvent ? [e.policyEvent] : []));
      expect(new Set(policy.map((e) => e.policyName))).toEqual(
        new Set(EXPECTED.map((f) => f.split(" ")[0]).filter((rule) => rule !== undefined)),
      );
      await expect(stack.up({ policyPacks: [PACK], policyPackConfigs: [config] })).rejects.toThrow();
      expect(await nonGetCount(sim)).toBe(0);
    } finally {
      engineStack.remove();
    }
  });
});

describeWithLanguageHost("the policy pack in a project folder, with the pulumi CLI", () => {
  let sim: TestSimulator;
  beforeEach(async () => {
    sim = await startTestSimulator();
  });
  afterEach(() => sim.stop());

  it("mandatory: preview and up (which previews first) fail naming each rule and write nothing; passing declarations apply", async () => {
    const project = cliProject(join(ROOT, "tests/fixtures/policyProject"));
    try {
      await initStack(project, "dev", sim.url);
      const config = policyConfig(project.stateDir, "mandatory");
      const withPack = [
        "--policy-pack",
        "node_modules/pulumi-infomaniak-mailbox/policy-pack",
        "--policy-pack-config",
        config,
      ];
      writeFileSync(join(project.dir, DECLARATION_FILE), JSON.stringify([...PASSING, ...BREAKING]));
      const preview = await project.pulumi(["preview", ...withPack, ...stackArgs(project.stateDir, "dev")]);
      expect(preview.code).not.toBe(0);
      for (const rule of new Set(EXPECTED.map((f) => f.split(" ")[0])))
        expect(preview.stdout).toContain(`[mandatory]  ${rule ?? ""}`);
      const up = await project.pulumi(["up", "--yes", ...withPack, ...stackArgs(project.stateDir, "dev")]);
      expect(up.code).not.toBe(0);
      expect(await nonGetCount(sim)).toBe(0);

      writeFileSync(join(project.dir, DECLARATION_FILE), JSON.stringify(PASSING));
      const passing = await project.pulumi([
        "up",
        "--yes",
        ...withPack,
        ...stackArgs(project.stateDir, "dev"),
      ]);
      expect(`${passing.code}\n${passing.stderr}`).toBe("0\n");
      expect(passing.stdout).toContain("infomaniak-mailbox-sharing");
      expect(passing.stdout).not.toContain("[mandatory]");
      expect((await sim.admin.state()).accesses?.filter((a) => a.mailboxName === "support")).toHaveLength(2);
    } finally {
      project.remove();
    }
  });
});
