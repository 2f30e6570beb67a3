import { copyFileSync, existsSync, readdirSync, readFileSync, renameSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Stack } from "@pulumi/pulumi/automation";
import { z } from "zod";

/**
 * What `recover` reads and repairs directly on a `file://` backend (other backends keep their locks
 * and checkpoints where this tool cannot see them).
 */
export interface FileBackend {
  /** The backend's folder (the one holding `.pulumi`). */
  root: string;
  project: string;
  stack: string;
}

export async function fileBackendOf(stack: Stack): Promise<FileBackend | undefined> {
  const { url } = await stack.workspace.whoAmI();
  if (!url?.startsWith("file://")) return undefined;
  const project = (await stack.workspace.projectSettings()).name;
  return { root: fileURLToPath(url), project, stack: stack.name.split("/").pop() ?? stack.name };
}

/** A lock file, as the engine writes it. */
const LockFile = z.looseObject({
  pid: z.number().int(),
  hostname: z.string().default(""),
  timestamp: z.string(),
});
export type LockFile = z.infer<typeof LockFile>;

/** The stack's lock files. */
export function locksOf(backend: FileBackend): LockFile[] {
  const dir = join(backend.root, ".pulumi", "locks");
  let files: string[];
  try {
    files = readdirSync(dir, { recursive: true, encoding: "utf8" });
  } catch {
    return [];
  }
  return files
    .filter(
      (f) =>
        f.endsWith(".json") && f.split("/").slice(-3, -1).join("/") === `${backend.project}/${backend.stack}`,
    )
    .flatMap((f) => {
      const parsed = LockFile.safeParse(JSON.parse(readFileSync(join(dir, f), "utf8")));
      return parsed.success ? [parsed.data] : [];
    });
}

function readsAsJson(file: string): boolean {
  try {
    JSON.parse(readFileSync(file, "utf8"));
    return true;
  } catch {
    return false;
  }
}

/** Moves a file aside, kept for a person to look at: `<file>.cut-<time>`. */
function setAside(file: string, now: Date): void {
  renameSync(file, `${file}.cut-${now.toISOString().replace(/[:.]/g, "-")}`);
}

/**
 * A kill that lands while the engine saves the checkpoint can cut off what it was writing (every
 * command then fails with `failed to load checkpoint: EOF`): the checkpoint's attributes file, which
 * the file backend writes in place beside it (seen: 0 bytes, the checkpoint itself whole), or the
 * checkpoint. A cut attributes file is set aside (the backend reads a checkpoint without one); a cut
 * checkpoint is replaced by the one before it, which the engine keeps (`.json.bak`). Returns the file
 * repaired, if any. A checkpoint put back lacks the run's last step: the caller must treat any create
 * of the next run as possibly done already.
 */
export function repairCutCheckpoint(
  backend: FileBackend,
  now: Date,
): { file: string; lostLastStep: boolean } | undefined {
  const file = join(backend.root, ".pulumi", "stacks", backend.project, `${backend.stack}.json`);
  if (!readsAsJson(file) && readsAsJson(`${file}.bak`)) {
    setAside(file, now);
    copyFileSync(`${file}.bak`, file);
    if (existsSync(`${file}.attrs`)) setAside(`${file}.attrs`, now);
    return { file, lostLastStep: true };
  }
  if (existsSync(`${file}.attrs`) && !readsAsJson(`${file}.attrs`)) {
    setAside(`${file}.attrs`, now);
    return { file: `${file}.attrs`, lostLastStep: false };
  }
  return undefined;
}
