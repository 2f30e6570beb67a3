import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import {
  buildFleetProgram,
  cliPath,
  fleetEnv,
  fleetSeed,
  hasLeaver,
  LEAVER,
  runCommand,
} from "../../tools/bench/clientFleet";
import { mapBounded } from "../../cli/plan/boundedPool";
import { nonGetCount } from "../support/engineStack";
import { describeWithLanguageHost } from "../support/pulumiCli";
import type { TestSimulator } from "../support/simulator";
import { startTestSimulator, TEST_TODAY } from "../support/simulator";
import { makeTempDir } from "../support/tempDir";

/** `FLEET_CLIENTS` clients (CI: 4); `npm run test:fleet` runs the 12. */
const CLIENTS = Number(process.env["FLEET_CLIENTS"] ?? "4");
const ROOT = join(__dirname, "../..");

/** As much of `plan --json` as the test reads. */
const PlanJson = z.object({
  clients: z.array(
    z.looseObject({
      stack: z.string(),
      touched: z.boolean(),
      outcome: z.string(),
      report: z
        .looseObject({
          summary: z.looseObject({ gains: z.number(), loses: z.number(), changes: z.number() }),
        })
        .optional(),
    }),
  ),
});

// 12 clients: 12 previews, 12 ups and 4 previews on two cores, a few minutes.
jest.setTimeout(900_000);

/**
 * The acceptance (#32) through the CLI: a program folder of clients built only by
 * `export --into` from that many organisations, previewed by `plan` (adoptions only, no write), applied
 * with no write; then a technician offboarded across every client, and `plan` previewing exactly
 * the clients that change, their losses in the one report.
 */
describeWithLanguageHost(`${CLIENTS} clients in one program folder, as an IT provider runs them`, () => {
  let sim: TestSimulator;
  const temp = makeTempDir("client-fleet");
  const dir = join(temp.path, "program");
  let env: NodeJS.ProcessEnv;
  let stacks: string[];
  const cli = (...args: string[]) => runCommand(process.execPath, [cliPath(), ...args], dir, env);
  const specOf = (stack: string) => join(dir, "clients", stack, "organisation.yaml");
  const planJson = (file: string) => PlanJson.parse(JSON.parse(readFileSync(file, "utf8")));

  beforeAll(async () => {
    sim = await startTestSimulator({ seed: fleetSeed(CLIENTS) });
    env = fleetEnv(join(temp.path, "state"), sim.url);
    stacks = await buildFleetProgram(dir, CLIENTS, join(ROOT, "node_modules"), env);
  });
  afterAll(async () => {
    temp.remove();
    await sim.stop();
  });

  it(`plan previews all ${CLIENTS} (adoptions only, no write), then up on each writes nothing`, async () => {
    expect(stacks).toHaveLength(CLIENTS);
    await sim.admin.resetRequests();
    const out = join(temp.path, "first.json");
    const plan = await cli("plan", "--parallel", "4", "--today", TEST_TODAY, "--require-all", "--json", out);
    expect(`${plan.code} ${plan.stderr}`).toMatch(/^0 /);
    const json = planJson(out);
    expect(json.clients.map((c) => [c.stack, c.outcome])).toEqual(stacks.map((s) => [s, "previewed"]));
    for (const c of json.clients) expect(c.report?.summary).toMatchObject({ gains: 0, loses: 0, changes: 0 });
    expect(await nonGetCount(sim)).toBe(0);

    const ups = await mapBounded(stacks, 3, (stack) =>
      runCommand(
        "pulumi",
        ["up", "--yes", "--stack", stack, "--non-interactive", "--color", "never"],
        dir,
        env,
      ),
    );
    for (const [i, up] of ups.entries())
      expect(`${stacks[i]} ${up.code} ${up.stderr}`).toBe(`${stacks[i]} 0 `);
    expect(await nonGetCount(sim)).toBe(0);
  });

  it("offboard: a typo exits 1 with the suggestion; the person leaves every spec that has them; plan previews exactly those", async () => {
    const before = new Map(stacks.map((s) => [s, readFileSync(specOf(s), "utf8")]));
    const typo = await cli("offboard", "--person", "tom@msp.exmple");
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain("did you mean tom@msp.example?");
    for (const s of stacks) expect(readFileSync(specOf(s), "utf8")).toBe(before.get(s));

    const offboard = await cli("offboard", "--person", LEAVER);
    expect(`${offboard.code} ${offboard.stderr}`).toBe("0 ");
    const touched = stacks.filter((_, i) => hasLeaver(i + 1));
    expect(touched).toHaveLength(Array.from({ length: CLIENTS }, (_, i) => i + 1).filter(hasLeaver).length);
    expect(touched.length).toBeGreaterThan(0);
    expect(touched.length).toBeLessThan(CLIENTS);
    expect(offboard.stdout).toContain(`Clients that change: ${touched.join(", ")}.`);
    for (const s of stacks) {
      const old = (before.get(s) ?? "").split("\n");
      const now = readFileSync(specOf(s), "utf8").split("\n");
      if (!touched.includes(s)) {
        expect(now).toEqual(old);
        continue;
      }
      // One line more, under the person's entry; every other line as it was.
      const added = now.findIndex((line, i) => line !== old[i]);
      expect(now[added]).toMatch(/^ +state: removed$/);
      expect(now.filter((_, i) => i !== added)).toEqual(old);
      expect(
        now
          .slice(0, added)
          .reverse()
          .find((l) => l.includes("email:")),
      ).toContain(LEAVER);
    }

    await sim.admin.resetRequests();
    const out = join(temp.path, "offboarded.json");
    const md = join(temp.path, "offboarded.md");
    const plan = await cli(
      "plan",
      "--base",
      "HEAD",
      "--parallel",
      "4",
      "--today",
      TEST_TODAY,
      "--json",
      out,
      "--output",
      md,
    );
    expect(`${plan.code} ${plan.stderr}`).toMatch(/^0 /);
    const json = planJson(out);
    expect(json.clients.filter((c) => c.touched).map((c) => c.stack)).toEqual(touched);
    expect(json.clients.filter((c) => c.outcome === "previewed").map((c) => c.stack)).toEqual(touched);
    for (const c of json.clients.filter((c) => c.touched)) expect(c.report?.summary.loses).toBe(1);
    const report = readFileSync(md, "utf8");
    for (const s of touched) expect(report).toContain(`\n## ${s}\n`);
    expect(report.split(LEAVER).length - 1).toBeGreaterThanOrEqual(touched.length);
    expect(await nonGetCount(sim)).toBe(0);
  });
});
