import { readFileSync, readdirSync } from "node:fs";

/**
 * Samples the peak resident memory (VmHWM) of the engine's Node.js dynamic-provider processes while an
 * operation runs (Linux /proc): they are the engine's children, out of this process's reach otherwise.
 */
export class ProviderMemorySampler {
  private peakKb = 0;
  private timer: NodeJS.Timeout | undefined;

  start(everyMs = 100): void {
    this.peakKb = 0;
    this.timer = setInterval(() => this.sample(), everyMs);
  }

  /** The peak in MiB, or null where /proc is not readable. */
  stop(): number | null {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    return this.peakKb > 0 ? Math.round((this.peakKb / 1024) * 10) / 10 : null;
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
        if (!readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("dynamic-provider")) continue;
        const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
        if (hwm) this.peakKb = Math.max(this.peakKb, Number(hwm));
      } catch {
        // The process ended between listing and reading.
      }
    }
  }
}
