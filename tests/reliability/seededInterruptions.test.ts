import { Organisation } from "pulumi-infomaniak-mailbox";
import { recoverStack } from "../../automation/recover";
import type { AccessFamily } from "../../provider/api/permissionNames";
import { simulatorStack } from "../support/engineStack";
import { killEngineAt } from "../support/killEngine";
import { startTestSimulator } from "../support/simulator";
import type { SeededRun } from "./interruptionScenarios";
import { expectedHeld, heldBy, seededRun, specOf, WORLDS, WRITES } from "./interruptionScenarios";

/**
 * Killed anywhere, on both access families, at the engine's default parallelism: for each seed, a cold
 * `up`, an `up` that changes and removes things, or a `destroy` is SIGKILLed (engine and provider
 * process) inside the simulator right after the write the seed picks (a grant, a link, its e-mail, an
 * organisation invitation, a revoke, a change of rights), then recovered as docs/reliability.md says:
 * `recover`, then the same command again. Every seed must converge: the simulator holds exactly the
 * declaration (nothing twice, nothing undeclared touched, one e-mail per link), a refresh finds no
 * change and a preview is all `same`.
 *
 * `INTERRUPTION_SEEDS` seeds per family (CI: 3, one per operation); `npm run test:interruptions` runs
 * 20. `INTERRUPTION_SEED=family:n` runs one seed again.
 */

const PER_FAMILY = Number(process.env["INTERRUPTION_SEEDS"] ?? "3");
const ONE = /^(webmail|legacy):(\d+)$/.exec(process.env["INTERRUPTION_SEED"] ?? "");

function runs(): SeededRun[] {
  if (ONE) return [seededRun(ONE[1] as AccessFamily, Number(ONE[2]))];
  const families: AccessFamily[] = ["webmail", "legacy"];
  return families.flatMap((family) =>
    Array.from({ length: PER_FAMILY }, (_, seed) => seededRun(family, seed)),
  );
}

jest.setTimeout(600_000);

async function converges(run: SeededRun): Promise<string> {
  const world = WORLDS[run.family];
  const sim = await startTestSimulator();
  let spec = specOf(world, "A");
  const engine = await simulatorStack(sim, `seed-${run.family}-${run.seed}`, () => {
    new Organisation({ spec });
  });
  try {
    const seeded = heldBy(world, await sim.admin.state());
    if (run.operation !== "cold up") await engine.stack.up({ color: "never" });
    if (run.operation === "changing up") spec = specOf(world, "B");
    const kill = killEngineAt(sim, run.killAt, (method) => method !== "GET");
    const operation = () =>
      run.operation === "destroy"
        ? engine.stack.destroy({ color: "never" })
        : engine.stack.up({ color: "never" });
    const interrupted = await operation().then(
      () => undefined,
      (error: unknown) => String(error),
    );
    if (interrupted === undefined)
      throw new Error(
        `seed ${run.family}:${run.seed}: the ${run.operation} made fewer than ${run.killAt} writes: update WRITES.${run.family}["${run.operation}"] in tests/reliability/interruptionScenarios.ts`,
      );
    expect(kill.killed.length).toBeGreaterThanOrEqual(1);

    const recovery = await recoverStack(engine.stack);
    await operation();
    if (recovery.setting) await engine.stack.removeConfig("infomaniak:recovery");

    const target = run.operation === "destroy" ? "none" : run.operation === "changing up" ? "B" : "A";
    expect(heldBy(world, await sim.admin.state())).toEqual(expectedHeld(world, target, seeded));
    if (run.operation !== "destroy") {
      await engine.stack.refresh({ expectNoChanges: true, color: "never" });
      const preview = await engine.stack.preview({ color: "never" });
      expect(Object.keys(preview.changeSummary)).toEqual(["same"]);
    }
    const repaired = recovery.repaired
      ? `; repaired the cut ${recovery.repaired.lostLastStep ? "checkpoint" : "checkpoint attributes"}`
      : "";
    return `killed after ${kill.request ?? "?"}; recover adopted ${recovery.adopting.length}${repaired}`;
  } finally {
    engine.remove();
    await sim.stop();
  }
}

describe("killed anywhere, then recover: every seed converges", () => {
  it.each(runs().map((run) => [`${run.family}:${run.seed}`, run] as const))("seed %s", async (_name, run) => {
    const outcome = await converges(run);
    console.log(
      `seed ${run.family}:${run.seed}: ${run.operation}, write ${run.killAt}/${WRITES[run.family][run.operation]}, ${outcome}`,
    );
  });
});
