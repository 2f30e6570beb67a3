import type { AccessFamily } from "../../provider/permissions";
import type { SeededRun } from "./interruptionScenarios";
import { convergesAfterRecovery, seededRun, WRITES } from "./interruptionScenarios";

/**
 * Killed anywhere, on both access families, at the engine's default parallelism: for each seed, a cold
 * `up`, an `up` that changes and removes things, or a `destroy` is SIGKILLed (engine and provider
 * process) inside the simulator right after the write the seed picks (a grant, a link, its e-mail, an
 * organisation invitation, a revoke, a change of rights), then recovered as docs/reliability.md says:
 * `recover`, then the same command again. Every seed must converge: the simulator holds exactly the
 * declaration (nothing twice, nothing undeclared touched, one e-mail per link), a refresh finds no
 * change and a preview is all `same`.
 *
 * `INTERRUPTION_SEEDS` seeds per family (CI: 2, a cold `up` and a changing `up`; a `destroy` is seed 2);
 * `npm run test:interruptions` runs 20. `INTERRUPTION_SEED=family:n` runs one seed again.
 */

const PER_FAMILY = Number(process.env["INTERRUPTION_SEEDS"] ?? "2");
const ONE = /^(webmail|legacy):(\d+)$/.exec(process.env["INTERRUPTION_SEED"] ?? "");

function runs(): SeededRun[] {
  if (ONE) return [seededRun(ONE[1] as AccessFamily, Number(ONE[2]))];
  const families: AccessFamily[] = ["webmail", "legacy"];
  return families.flatMap((family) =>
    Array.from({ length: PER_FAMILY }, (_, seed) => seededRun(family, seed)),
  );
}

jest.setTimeout(600_000);

describe("killed anywhere, then recover: every seed converges", () => {
  it.each(runs().map((run) => [`${run.family}:${run.seed}`, run] as const))("seed %s", async (_name, run) => {
    const outcome = await convergesAfterRecovery(run);
    console.log(
      `seed ${run.family}:${run.seed}: ${run.operation}, write ${run.killAt}/${WRITES[run.family][run.operation]}, ${outcome}`,
    );
  });
});
