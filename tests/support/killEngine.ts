import { readdirSync, readFileSync } from "node:fs";
import type { TestSimulator } from "./simulator";

/**
 * Killing the engine at an exact point: inside the simulator, after it applied a request and before
 * its answer leaves, as when a CI job or a machine is stopped mid-run.
 */

function childrenByParent(): Map<number, number[]> {
  const map = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      map.set(ppid, [...(map.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  return map;
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
  } catch {
    return "";
  }
}

function tree(root: number, children: Map<number, number[]>): number[] {
  return [root, ...(children.get(root) ?? []).flatMap((child) => tree(child, children))];
}

/**
 * SIGKILLs the `pulumi up` or `pulumi destroy` this process started and everything it started (the
 * provider process).
 */
export function killEngine(): number[] {
  const children = childrenByParent();
  const engines = tree(process.pid, children).filter((pid) =>
    /(^|\/)pulumi (up|destroy) /.test(commandLine(pid)),
  );
  const doomed = engines.flatMap((pid) => tree(pid, children));
  for (const pid of doomed) process.kill(pid, "SIGKILL");
  return doomed;
}

/** What the kill hit: the request applied just before it, and the processes it ended. */
export interface Kill {
  killed: number[];
  request?: string;
}

/**
 * Kills the engine when the simulator has applied the nth successful request that `counts` picks,
 * before it answers: Infomaniak holds what the engine never recorded.
 */
export function killEngineAt(
  sim: TestSimulator,
  nth: number,
  counts: (method: string, route: string) => boolean,
): Kill {
  const record = sim.counters.record.bind(sim.counters);
  const result: Kill = { killed: [] };
  let seen = 0;
  sim.counters.record = (method, template, status) => {
    if (counts(method, template) && /^2/.test(String(status)) && ++seen === nth) {
      result.killed = killEngine();
      result.request = `${method} ${template}`;
      sim.counters.record = record;
    }
    record(method, template, status);
  };
  return result;
}

/** Kills the engine when the simulator has applied the nth successful POST to `route`, before it answers. */
export function killEngineAfter(sim: TestSimulator, route: string, nth: number): Kill {
  return killEngineAt(sim, nth, (method, template) => method === "POST" && template === route);
}
