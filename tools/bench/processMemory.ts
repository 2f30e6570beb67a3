import { readFileSync, readdirSync } from "node:fs";

/** The engine's Node.js children the benchmark watches, told apart by their command line. */
const ROLES = {
  /** The Pulumi program, run by the language host (`@pulumi/pulumi/cmd/run`). */
  program: /[\\/]@pulumi[\\/]pulumi[\\/]cmd[\\/]run\b/,
  /** The dynamic providers' process (`@pulumi/pulumi/cmd/dynamic-provider`). */
  provider: /dynamic-provider/,
} as const;

export type ProcessRole = keyof typeof ROLES;

/** Peak resident memory in MiB per role, null where /proc is not readable or no process ran. */
export type PeakMemory = Record<ProcessRole, number | null>;

/**
 * Samples the peak resident memory (VmHWM, Linux /proc) of the engine's program and provider
 * processes while an operation runs: they are the engine's children, out of this process's reach
 * otherwise, and their peaks are theirs alone (not the benchmark's, which holds the simulator).
 */
export class ProcessMemorySampler {
  private peakKb: Record<ProcessRole, number> = { program: 0, provider: 0 };
  private timer: NodeJS.Timeout | undefined;

  start(everyMs = 100): void {
    this.peakKb = { program: 0, provider: 0 };
    this.timer = setInterval(() => this.sample(), everyMs);
  }

  stop(): PeakMemory {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    const mib = (kb: number) => (kb > 0 ? Math.round((kb / 1024) * 10) / 10 : null);
    return { program: mib(this.peakKb.program), provider: mib(this.peakKb.provider) };
  }

  private sample(): void {
    let pids: string[];
    try {
      pids = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
    } catch {
      return;
    }
    for (const pid of pids) {
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
        const role = (Object.keys(ROLES) as ProcessRole[]).find((r) => ROLES[r].test(cmdline));
        if (role === undefined) continue;
        const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
        if (hwm) this.peakKb[role] = Math.max(this.peakKb[role], Number(hwm));
      } catch {
        // The process ended between listing and reading.
      }
    }
  }
}
