import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { hostname } from "node:os";
import type { Stack } from "@pulumi/pulumi/automation";
import { z } from "zod";
import type { RecoverySetting } from "../../provider/fields/recovery";
import { EVERY_CREATE, writeRecoveryFile } from "../../provider/fields/recovery";
import { kindOfType } from "../../provider/resourceKinds";
import { Deployment, ResourceEnvelope } from "../shared/resourceEnvelope";
import type { LockFile } from "./fileBackend";
import { fileBackendOf, locksOf, repairCutCheckpoint } from "./fileBackend";

/** How long the setting `recover` leaves stays in force: long enough for the `up` after it, no longer. */
const RECOVERY_HOURS = 24;

export class RecoverError extends Error {
  override readonly name = "RecoverError";
  constructor(
    readonly code: "run_still_alive" | "lock_elsewhere" | "unknown_stack",
    message: string,
  ) {
    super(message);
  }
}

const Checkpoint = z.looseObject({
  pending_operations: z
    .array(z.looseObject({ type: z.string(), resource: ResourceEnvelope.pick({ urn: true, type: true }) }))
    .optional(),
});

export interface Recovery {
  /** Whether a dead run's lock was removed. */
  cancelled: boolean;
  /** When the interrupted run started: its lock's time, else the end of the stack's last update. */
  interruptedAt: string | undefined;
  /**
   * The URNs of this package's resources the run was creating, which the next `up` adopts (with
   * EVERY_CREATE when the checkpoint put back lacks the run's last step).
   */
  adopting: string[];
  /** What the tool cannot settle, for a person to look at. */
  leftToAPerson: string[];
  /** A checkpoint file the kill cut off and `recover` repaired (see repairCutCheckpoint), if any. */
  repaired: { file: string; lostLastStep: boolean } | undefined;
  /** What was written to `infomaniak:recovery`; undefined when nothing needs adopting. */
  setting: RecoverySetting | undefined;
  /**
   * Where it was written: the file in the program folder that git ignores (see RECOVERY_DIR), or
   * undefined for the config of an inline program's stack.
   */
  settingFile: string | undefined;
  /**
   * What the refresh changed in the state, by resource name: gone at Infomaniak (removed from the
   * state) or found otherwise; undefined when there was nothing to recover and nothing was touched.
   */
  refreshed: StateChanges | undefined;
}

/** What a refresh changed in a stack's state, by resource name, as a preview names resources. */
export interface StateChanges {
  removed: string[];
  changed: string[];
}

/** Each resource's outputs by URN, from an exported deployment. */
function outputsByUrn(deployment: unknown): Map<string, string> {
  const resources = Deployment.parse(deployment).resources ?? [];
  return new Map(resources.map((r) => [r.urn, JSON.stringify(r.outputs ?? null)]));
}

function stateChanges(before: Map<string, string>, after: Map<string, string>): StateChanges {
  const name = (urn: string) => urn.split("::").pop() ?? urn;
  return {
    removed: [...before.keys()].filter((urn) => !after.has(urn)).map(name),
    changed: [...before]
      .filter(([urn, outs]) => after.has(urn) && after.get(urn) !== outs)
      .map(([urn]) => name(urn)),
  };
}

/**
 * Leaves the setting where the next run reads it: beside a program folder's committed stack file, in
 * the file git ignores; in the config of an inline program's stack, which has no folder to read.
 */
async function leaveSetting(stack: Stack, setting: RecoverySetting): Promise<string | undefined> {
  if (stack.workspace.program === undefined)
    // The program reads it by its stack's own name (`pulumi.getStack()`), without organisation or project.
    return writeRecoveryFile(stack.workspace.workDir, stack.name.split("/").at(-1) ?? stack.name, setting);
  await stack.setConfig("infomaniak:recovery", { value: JSON.stringify(setting) });
  return undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, owned by someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Provider processes left running in the program's folder: when only `pulumi` is killed, the dynamic
 * provider it started finishes its request on its own (docs/reliability.md).
 */
function orphanProviders(workDir: string): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((entry) => {
      try {
        const command = readFileSync(`/proc/${entry}/cmdline`, "utf8");
        const cwd = readlinkSync(`/proc/${entry}/cwd`);
        return command.includes("dynamic-provider") && cwd === workDir ? [Number(entry)] : [];
      } catch {
        return [];
      }
    });
}

/** Refuses while the interrupted run (or its provider process) may still be changing things. */
function refuseWhileAlive(locks: LockFile[], workDir: string, force: boolean): void {
  for (const lock of locks) {
    if (lock.hostname === hostname() && alive(lock.pid))
      throw new RecoverError(
        "run_still_alive",
        `the run holding the stack's lock (pid ${lock.pid}, since ${lock.timestamp}) is still running: let it finish or stop it, then run recover again`,
      );
    if (lock.hostname !== hostname() && !force)
      throw new RecoverError(
        "lock_elsewhere",
        `the stack is locked by a run on ${lock.hostname || "another machine"} (pid ${lock.pid}, since ${lock.timestamp}), whose processes cannot be seen from here: once that run is gone (its job cancelled, its runner lost), run recover again with --force`,
      );
  }
  const providers = orphanProviders(workDir);
  if (providers.length > 0)
    throw new RecoverError(
      "run_still_alive",
      `the interrupted run's provider process is still running (pid ${providers.join(", ")}) and may still write to Infomaniak: stop it (kill ${providers.join(" ")}), then run recover again`,
    );
}

/**
 * The refresh that clears the pending creates, and what it changed in the state; a lock this tool
 * could not see is said as such.
 */
async function refreshClearingPendingCreates(stack: Stack, before: unknown): Promise<StateChanges> {
  try {
    // Also re-reads every resource, so the state matches Infomaniak before the next `up`.
    await stack.refresh({ clearPendingCreates: true, color: "never" });
    return stateChanges(outputsByUrn(before), outputsByUrn((await stack.exportStack()).deployment));
  } catch (error) {
    if (!/currently locked/.test(String(error))) throw error;
    throw new RecoverError(
      "lock_elsewhere",
      "the stack is locked by a run this tool cannot see (its backend keeps locks where recover cannot read them): once that run is gone (its job cancelled, its runner lost), run recover again with --force",
    );
  }
}

/**
 * When the interrupted run started: its lock's time; else (a backend whose locks cannot be read) no
 * earlier than the end of the last update the stack recorded, which is what a link's age is compared with.
 */
async function runStartedAt(stack: Stack, locks: readonly LockFile[]): Promise<string | undefined> {
  const locked = locks
    .map((l) => l.timestamp)
    .sort()
    .at(0);
  if (locked !== undefined) return new Date(locked).toISOString();
  const [last] = await stack.history(1, 1);
  return last ? new Date(last.endTime).toISOString() : undefined;
}

/**
 * The recovery of a stack whose `up` was killed, the steps docs/reliability.md describes, done where
 * they are safe: refuse while that run is alive, remove its lock, note its pending creates, forget them
 * with a refresh, and leave the consent to adopt exactly those resources, for one day, in
 * `infomaniak:recovery` (a file git ignores, for a program folder: see leaveSetting). The `up` after it converges without an edit of the program.
 */
export async function recoverStack(
  stack: Stack,
  options: { force?: boolean; now?: Date } = {},
): Promise<Recovery> {
  const now = options.now ?? new Date();
  const force = options.force === true;
  const backend = await fileBackendOf(stack);
  const locks = backend ? locksOf(backend) : [];
  refuseWhileAlive(locks, stack.workspace.workDir, force);
  const repaired = backend ? repairCutCheckpoint(backend, now) : undefined;
  // Another backend's lock cannot be read here: removed only when the caller says that run is gone.
  const cancelled = locks.length > 0 || (backend === undefined && force);
  if (cancelled) await stack.cancel();
  const deployment: unknown = (await stack.exportStack()).deployment;
  const checkpoint = Checkpoint.parse(deployment);
  // No lock, no cut file, no operation left unfinished: a healthy stack, which recover leaves as it is.
  // Only where the locks could be read: another backend's lock is not known to be absent.
  if (backend && !cancelled && !repaired && (checkpoint.pending_operations ?? []).length === 0)
    return nothingToRecover();
  const creating = (checkpoint.pending_operations ?? []).filter((op) => op.type === "creating");
  const pending = creating.filter((op) => kindOfType(op.resource.type)).map((op) => op.resource.urn);
  const refreshed = await refreshClearingPendingCreates(stack, deployment);
  const interruptedAt = await runStartedAt(stack, locks);
  // A restored checkpoint lacks the run's last step: which create it recorded is not known, so the
  // next run adopts what any create finds (only what the program declares, only for a day).
  const adopting = repaired?.lostLastStep ? [...pending, EVERY_CREATE] : pending;
  const leftToAPerson = creating
    .filter((op) => !kindOfType(op.resource.type))
    .map((op) => `${op.resource.urn}: not a resource of this package; look at what it may have created`);
  const setting =
    adopting.length > 0 && interruptedAt !== undefined
      ? {
          interruptedAt,
          until: new Date(now.getTime() + RECOVERY_HOURS * 3600_000).toISOString(),
          adopt: adopting,
        }
      : undefined;
  const settingFile = setting ? await leaveSetting(stack, setting) : undefined;
  if (!setting && adopting.length > 0)
    leftToAPerson.push(
      ...pending.map(
        (urn) =>
          `${urn}: when the run started is not known, so set adopt: true on it for the next up (and remove a link without a recipient in the Manager if it is an invitation)`,
      ),
    );
  return { cancelled, interruptedAt, adopting, leftToAPerson, setting, settingFile, repaired, refreshed };
}

function nothingToRecover(): Recovery {
  return {
    cancelled: false,
    interruptedAt: undefined,
    adopting: [],
    leftToAPerson: [],
    repaired: undefined,
    setting: undefined,
    settingFile: undefined,
    refreshed: undefined,
  };
}
