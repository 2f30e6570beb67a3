import { declare } from "../../tools/bench/declare";
import { generateOrganisation, organisationDeclaration } from "../../tools/bench/organisation";
import type { EngineStack } from "../support/engineStack";
import { simulatorStack } from "../support/engineStack";
import type { TestSimulator } from "../support/simulator";
import { startTestSimulator } from "../support/simulator";

/** A 1,000-resource up while the API throws 429 bursts and 1% of 5xx: every operation must succeed. */
describe("load under faults, through the real engine", () => {
  const org = generateOrganisation({ mailboxes: 100, members: 300, grants: 950, invitations: 50 });
  let sim: TestSimulator;
  let engine: EngineStack;

  beforeAll(async () => {
    sim = await startTestSimulator({ seed: org.seed });
    // Without the engine's checkpoint after every step: they are the benchmark's subject (README,
    // "Large organisations"); this test's is the provider under API faults, and they tripled its time.
    engine = await simulatorStack(
      sim,
      "load",
      () => declare(organisationDeclaration(org)),
      { "infomaniak:token": org.token },
      undefined,
      { PULUMI_SKIP_CHECKPOINTS: "true" },
    );
  });
  afterAll(async () => {
    engine.remove();
    await sim.stop();
  });

  it("creates all 1,000 with zero failed operations, then previews no change", async () => {
    await sim.admin.setFaults({
      seed: 11,
      rules: [
        { kind: "rateLimit", count: 10, retryAfterSeconds: 1 },
        { kind: "rateLimit", rate: 0.005, retryAfterSeconds: 1 },
        { kind: "error", status: 503, rate: 0.01 },
      ],
    });
    const up = await engine.stack.up();
    expect(up.summary.result).toBe("succeeded");
    expect(up.summary.resourceChanges).toEqual({ create: 1001 });

    const { routes } = await sim.admin.requests();
    const injected = (status: string) => routes.reduce((n, r) => n + (r.statuses[status] ?? 0), 0);
    process.stdout.write(
      `load: 1,001 resources created through ${injected("429")} injected 429s and ${injected("503")} injected 503s in ${routes.reduce((n, r) => n + r.count, 0)} requests\n`,
    );
    expect(injected("429")).toBeGreaterThanOrEqual(10);
    expect(injected("503")).toBeGreaterThan(5);

    await sim.admin.clearFaults();
    const state = await sim.admin.state();
    expect(state.accesses).toHaveLength(950);
    expect(new Set(state.accesses.map((a) => `${a.mailboxName}/${a.userId}`)).size).toBe(950);
    expect(state.mailboxInvitations.filter((i) => i.status === "pending")).toHaveLength(50);
    expect((await engine.stack.preview()).changeSummary).toEqual({ same: 1001 });
    // About 50 s alone (300 s with checkpoints); the cap leaves room for a CI run on two busy cores.
  }, 900_000);
});
