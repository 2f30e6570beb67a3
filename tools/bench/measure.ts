import type { EngineEvent, Stack } from "@pulumi/pulumi/automation";
import type { RouteCount, SimulatorAdmin } from "../../simulator";
import { ProcessMemorySampler } from "./processMemory";
import { progressOnStderr } from "./progress";
import type { OperationFigures } from "./results";

/** An operation to measure: it reports its engine events, and returns the engine's change summary. */
export type Operation = (onEvent: (event: EngineEvent) => void) => Promise<Record<string, number>>;

/** The engine operations the benchmark measures, on a stack. */
export const operationsOn = (stack: Stack) => ({
  up: (async (onEvent) => (await stack.up({ onEvent })).summary.resourceChanges ?? {}) as Operation,
  preview: (async (onEvent) => (await stack.preview({ onEvent })).changeSummary) as Operation,
  /** `runProgram`: configure the provider from the program's settings, not those of the last `up`. */
  refresh:
    (runProgram = false): Operation =>
    async (onEvent) =>
      (await stack.refresh({ onEvent, runProgram })).summary.resourceChanges ?? {},
});

/**
 * Runs one operation and measures it: wall time, the requests the simulator received (reads, writes,
 * 429s), the simulator's CPU time, and the peak memory of the engine's program and provider processes. Progress goes to stderr.
 */
export async function measure(
  operation: string,
  admin: SimulatorAdmin,
  total: number,
  run: Operation,
): Promise<OperationFigures> {
  await admin.resetRequests();
  const memory = new ProcessMemorySampler();
  const progress = progressOnStderr(operation, total);
  memory.start();
  // This process runs only the simulator while the engine works: its CPU time is the simulator's,
  // which a user's run spends at Infomaniak, not on their machine.
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  let changes: Record<string, number>;
  try {
    changes = await run((event) => progress.onEvent(event));
  } finally {
    progress.done();
  }
  const wallMs = Math.round(performance.now() - started);
  const cpu = process.cpuUsage(cpuBefore);
  const peak = memory.stop();
  const { routes } = await admin.requests();
  const sum = (filter: (r: RouteCount) => boolean) => routes.filter(filter).reduce((n, r) => n + r.count, 0);
  return {
    operation,
    wallMs,
    reads: sum((r) => r.method === "GET"),
    writes: sum((r) => r.method !== "GET"),
    status429: routes.reduce((n, r) => n + (r.statuses["429"] ?? 0), 0),
    changes,
    simulatorCpuMs: Math.round((cpu.user + cpu.system) / 1000),
    programPeakRssMb: peak.program,
    providerPeakRssMb: peak.provider,
  };
}
