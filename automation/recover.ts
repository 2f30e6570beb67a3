import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Stack } from "@pulumi/pulumi/automation";
import { z } from "zod";
import type { RecoverySetting } from "../provider/fields/recovery";
import { kindOfType } from "../provider/resourceKinds";

/** How long the setting `recover` leaves stays in force: long enough for the `up` after it, no longer. */
const RECOVERY_HOURS = 24;

export class RecoverError extends Error {
  override readonly name = "RecoverError";
  constructor(
    readonly code: "run_still_alive" | "lock_elsewhere",
    message: string,
  ) {
    super(message);
  }
}

/** A `file://` backend's lock file, as the engine writes it. */
const LockFile = z.looseObject({
  pid: z.number().int(),
  hostname: z.string().default(""),
  timestamp: z.string(),
});
type LockFile = z.infer<typeof LockFile>;

const Checkpoint = z.looseObject({
  pending_operations: z
    .array(
      z.looseObject({ type: z.string(), resource: z.looseObject({ urn: z.string(), type: z.string() }) }),
    )
    .optional(),
});

export interface Recovery {
  /** Whether a dead run's lock was removed. */
  cancelled: boolean;
  /** When the interrupted run started (its lock's time), when a lock said so. */
  interruptedAt: string | undefined;
  /** The URNs of this package's resources the run was creating: the next `up` adopts them. */
  adopting: string[];
  /** What the tool cannot settle, for a person to look at. */
  leftToAPerson: string[];
  /** What was written to `infomaniak:recovery`; undefined when nothing needs adopting. */
  setting: RecoverySetting | undefined;
}

/** The stack's lock files on a `file://` backend (other backends: none that can be read here). */
async function locksOf(stack: Stack): Promise<LockFile[]> {
  const { url } = await stack.workspace.whoAmI();
  if (!url?.startsWith("file://")) return [];
  const project = (await stack.workspace.projectSettings()).name;
  const stackName = stack.name.split("/").pop() ?? stack.name;
  const root = join(fileURLToPath(url), ".pulumi", "locks");
  let files: string[];
  try {
    files = readdirSync(root, { recursive: true, encoding: "utf8" });
  } catch {
    return [];
  }
  return files
    .filter((f) => f.endsWith(".json") && f.split("/").slice(-3, -1).join("/") === `${project}/${stackName}`)
    .flatMap((f) => {
      const parsed = LockFile.safeParse(JSON.parse(readFileSync(join(root, f), "utf8")));
      return parsed.success ? [parsed.data] : [];
    });
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
 * The recovery of a stack whose `up` was killed, the steps docs/reliability.md describes, done where
 * they are safe: refuse while that run is alive, remove its lock, note its pending creates, forget them
 * with a refresh, and leave the consent to adopt exactly those resources, for one day, in
 * `infomaniak:recovery`. The `up` after it converges without an edit of the program.
 */
export async function recoverStack(
  stack: Stack,
  options: { force?: boolean; now?: Date } = {},
): Promise<Recovery> {
  const now = options.now ?? new Date();
  const locks = await locksOf(stack);
  refuseWhileAlive(locks, stack.workspace.workDir, options.force === true);
  const cancelled = locks.length > 0;
  if (cancelled) await stack.cancel();
  const checkpoint = Checkpoint.parse((await stack.exportStack()).deployment);
  const creating = (checkpoint.pending_operations ?? []).filter((op) => op.type === "creating");
  const adopting = creating.filter((op) => kindOfType(op.resource.type)).map((op) => op.resource.urn);
  // Also re-reads every resource, so the state matches Infomaniak before the next `up`.
  await stack.refresh({ clearPendingCreates: true, color: "never" });
  const interruptedAt = locks
    .map((l) => l.timestamp)
    .sort()
    .at(0);
  const leftToAPerson = creating
    .filter((op) => !kindOfType(op.resource.type))
    .map((op) => `${op.resource.urn}: not a resource of this package; look at what it may have created`);
  const setting =
    adopting.length > 0 && interruptedAt !== undefined
      ? {
          interruptedAt: new Date(interruptedAt).toISOString(),
          until: new Date(now.getTime() + RECOVERY_HOURS * 3600_000).toISOString(),
          adopt: adopting,
        }
      : undefined;
  if (setting) await stack.setConfig("infomaniak:recovery", { value: JSON.stringify(setting) });
  else if (adopting.length > 0)
    leftToAPerson.push(
      ...adopting.map(
        (urn) =>
          `${urn}: no lock told when the run started, so set adopt: true on it for the next up (and remove a link without a recipient in the Manager if it is an invitation)`,
      ),
    );
  return { cancelled, interruptedAt, adopting, leftToAPerson, setting };
}
