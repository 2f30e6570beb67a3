import { appendFileSync } from "node:fs";
import type { Disagreement, OracleRun, Step } from "./oracle/oracleRun";
import { oracleRun, playSteps } from "./oracle/oracleRun";

/**
 * The oracle: what a run's report says `up` does is what Infomaniak sees done. For each seed, fast-check
 * draws a sequence of edits to an organisation's spec and to its live state (see oracle/edits.ts); each
 * step previews (the report JSON's effects), runs `up` through the real engine against the simulator,
 * says the simulator's journal of writes in the same vocabulary, and compares the two lists; the
 * resources `up` changed must be those the preview showed changing (no phantom update); then the
 * next preview must be all `same`, its report naming no effect.
 *
 * Each step edits both organisations, one per access family, in one engine run, so a seed is a seed of
 * each family. `ORACLE_SEEDS` seeds (CI: 2), `ORACLE_STEPS` steps per seed (3), `ORACLE_FIRST_SEED`
 * where to start; `npm run test:oracle` runs 50. `ORACLE_SEED=n` runs one seed again, `ORACLE_EDITS`
 * a printed sequence (JSON); `ORACLE_REDUCE=0` skips the reduction. A failing seed is reduced by hand-made
 * shrinking (fast-check's would replay the engine for every candidate): the edits after the failing
 * step are dropped, then each earlier edit that the failure does not need, one at a time.
 */

const PER_FAMILY = Number(process.env["ORACLE_SEEDS"] ?? "2");
const STEPS = Number(process.env["ORACLE_STEPS"] ?? "3");
const ONE = process.env["ORACLE_SEED"];

function runs(): OracleRun[] {
  // A sequence printed by a failing seed, played again as it is.
  const given = process.env["ORACLE_EDITS"];
  if (given) return [{ seed: -1, steps: JSON.parse(given) as Step[] }];
  if (ONE) return [oracleRun(Number(ONE), STEPS)];
  const first = Number(process.env["ORACLE_FIRST_SEED"] ?? "0");
  return Array.from({ length: PER_FAMILY }, (_, i) => oracleRun(first + i, STEPS));
}

/** The fewest edits, of the failing prefix, that still fail: each dropped in turn, kept out if it fails without. */
async function reduce(run: OracleRun, found: Disagreement): Promise<{ edits: Step[]; found: Disagreement }> {
  let edits = run.steps.slice(0, found.step + 1);
  let last = found;
  for (let i = edits.length - 2; i >= 0; i--) {
    const without = [...edits.slice(0, i), ...edits.slice(i + 1)];
    const again = await playSteps(without, `${run.seed}-r${i}`);
    if (again) {
      edits = without.slice(0, again.step + 1);
      last = again;
    }
  }
  return { edits, found: last };
}

const show = (edits: readonly Step[]) => edits.map((e, i) => `  ${i}. ${JSON.stringify(e)}`).join("\n");

jest.setTimeout(3_600_000);

describe("the oracle: every effect up has is the one its report names", () => {
  it.each(runs().map((run) => [run.seed, run] as const))("seed %d (both families)", async (name, run) => {
    const started = Date.now();
    const log: string[] = [];
    const found = await playSteps(run.steps, String(run.seed), log);
    const seconds = Math.round((Date.now() - started) / 1000);
    const line = `oracle seed ${name}: ${run.steps.length} steps, ${seconds} s, ${found ? `fails at step ${found.step}` : "agrees"}\n${log.join("\n")}`;
    console.log(line);
    // A long run's seeds as they end (jest prints a file's console only when it ends).
    if (process.env["ORACLE_LOG"]) appendFileSync(process.env["ORACLE_LOG"], `${line}\n`);
    if (!found) return;
    if (process.env["ORACLE_REDUCE"] === "0")
      throw new Error(`seed ${name}: at step ${found.step}, ${found.message}\nedits:\n${show(run.steps)}`);
    const smallest = await reduce(run, found);
    throw new Error(
      [
        `seed ${name} (ORACLE_SEED=${name} ORACLE_STEPS=${STEPS}): at step ${found.step}, ${found.message}`,
        `edits:\n${show(run.steps)}`,
        `smallest failing sequence (step ${smallest.found.step}): ${smallest.found.message}`,
        show(smallest.edits),
      ].join("\n"),
    );
  });
});
