import type { Postgres } from "../support/postgres";
import { describeWithPostgres, startPostgres } from "../support/postgres";
import { convergesAfterRecovery, seededRun } from "./interruptionScenarios";
import { describeTwoRunsAtOnce } from "./twoRunsAtOnce";

jest.setTimeout(600_000);

/**
 * A shared team backend, for real: the pinned engine's `postgres://` backend on a PostgreSQL server
 * this test starts (tests/support/postgres.ts). The engine's lock holds there too, two stacks that
 * disagree reach the same fixed point, and an interrupted run recovers (`recover --force`: this
 * backend's locks are not readable by the tool, so it removes them only when told the run is gone).
 */
describeWithPostgres("the PostgreSQL backend", () => {
  let postgres: Postgres;
  beforeAll(async () => {
    postgres = await startPostgres();
  });
  afterAll(async () => {
    await postgres.stop();
  });
  const backendEnv = () => ({ PULUMI_BACKEND_URL: postgres.url });

  // At once, then the rounds after it one after the other: the file backend's test runs the sequential case alone.
  describeTwoRunsAtOnce("two runs at once", backendEnv, { oneAfterTheOther: false });

  it("an up killed mid-run (seed webmail:4, a changing up), then recover --force and up, converges", async () => {
    const run = seededRun("webmail", 4);
    const outcome = await convergesAfterRecovery(run, { backendEnv: backendEnv(), force: true });
    console.log(`postgres, seed webmail:4: ${run.operation}, write ${run.killAt}: ${outcome}`);
  });
});
