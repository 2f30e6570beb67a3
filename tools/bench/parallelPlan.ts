#!/usr/bin/env node
import { cpus } from "node:os";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSimulator } from "../../simulator";
import { buildFleetProgram, cliPath, fleetEnv, fleetSeed, runCommand } from "./clientFleet";

/**
 * `npm run bench:plan`: `plan --parallel 4` against `--parallel 1` over a program folder of 12
 * clients (built by `export --into` from the simulator's organisations), in one run; the two
 * combined reports (Markdown and JSON) must be byte for byte the same. Prints the figures that
 * docs/clients.md quotes; exits 1 when the reports differ or a run fails.
 */
const CLIENTS = 12;
const TODAY = "2026-11-29";

async function main(): Promise<number> {
  const temp = mkdtempSync(join(tmpdir(), "bench-plan-"));
  const sim = await startSimulator({ seed: fleetSeed(CLIENTS), rateLimit: { perWindow: 0 } });
  try {
    const dir = join(temp, "program");
    const env = fleetEnv(join(temp, "state"), sim.url);
    await buildFleetProgram(dir, CLIENTS, join(__dirname, "../../../node_modules"), env);
    const reports: string[] = [];
    const seconds: number[] = [];
    // --parallel 1 first: it also warms the machine's caches, which can only favour the second run.
    for (const parallel of [1, 4]) {
      const out = join(temp, `plan-${parallel}`);
      const started = performance.now();
      const run = await runCommand(
        process.execPath,
        [
          cliPath(),
          "plan",
          "--parallel",
          String(parallel),
          "--today",
          TODAY,
          "--output",
          `${out}.md`,
          "--json",
          `${out}.json`,
        ],
        dir,
        env,
      );
      seconds.push((performance.now() - started) / 1000);
      if (run.code !== 0) throw new Error(`plan --parallel ${parallel} failed (${run.code}):\n${run.stderr}`);
      reports.push(readFileSync(`${out}.md`, "utf8") + readFileSync(`${out}.json`, "utf8"));
    }
    const [one = 0, four = 0] = seconds;
    const same = reports[0] === reports[1];
    process.stdout.write(
      [
        `${CLIENTS} clients, ${cpus().length} cores (${cpus()[0]?.model ?? "unknown"}), ${new Date().toISOString().slice(0, 10)}`,
        `plan --parallel 1: ${one.toFixed(1)} s`,
        `plan --parallel 4: ${four.toFixed(1)} s (${(one / four).toFixed(2)}x)`,
        `combined reports (Markdown and JSON) ${same ? "identical" : "DIFFER"}`,
        "",
      ].join("\n"),
    );
    return same ? 0 : 1;
  } finally {
    await sim.stop();
    rmSync(temp, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
