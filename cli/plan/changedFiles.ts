import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { PlanError } from "./planError";

/** Files that differ from the base, as absolute paths; untracked ones apart (they touch less). */
export interface ChangedFiles {
  tracked: string[];
  untracked: string[];
}

function git(args: string[], cwd: string): string {
  try {
    return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    // execFileSync's error carries the command's stderr (a string, with encoding utf8).
    const { stderr } = error as { stderr?: string | Buffer };
    const said = (typeof stderr === "string" ? stderr : (stderr?.toString("utf8") ?? "")).trim();
    throw new PlanError(
      "git_failed",
      `plan: git ${args.join(" ")} failed in ${cwd}: ${said.split("\n")[0] || (error as Error).message}`,
    );
  }
}

/** `-z` output: NUL-separated paths (no quoting of unusual names). */
function paths(output: string, root: string): string[] {
  return output
    .split("\0")
    .filter((p) => p !== "")
    .map((p) => join(root, p));
}

/** The repository's root, where `git diff` paths start; a folder outside any repository is refused. */
export function gitTopLevel(dir: string): string {
  try {
    return execFileSync("git", ["rev-parse", "--show-toplevel"], {
      cwd: dir,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    throw new PlanError(
      "not_in_git",
      `plan: --base needs the program folder ${dir} in a git repository (leave --base out to preview every client)`,
    );
  }
}

/** A base that names no commit here is refused before anything runs (a shallow CI clone lacks it). */
export function verifyBase(dir: string, base: string): void {
  gitTopLevel(dir);
  try {
    execFileSync("git", ["rev-parse", "--verify", "--quiet", `${base}^{commit}`], {
      cwd: dir,
      stdio: "ignore",
    });
  } catch {
    throw new PlanError(
      "unknown_base",
      `plan: --base ${base} is no commit of this repository: fetch it first (a shallow CI clone lacks it: ` +
        `actions/checkout with fetch-depth: 0, or GIT_DEPTH: 0 on GitLab)`,
    );
  }
}

/**
 * What differs from the base: the working tree against it, so that uncommitted changes count when
 * run locally; deletions and both sides of a rename too (`--no-renames`: a moved spec touches its
 * client). A base ahead of the change (main moved on) adds its own files: more previews, never fewer.
 */
export function changedFiles(dir: string, base: string): ChangedFiles {
  const root = gitTopLevel(dir);
  const tracked = git(["diff", "--name-only", "--no-renames", "-z", base, "--"], dir);
  // New files are not in `git diff` until added: a new client's files, created locally, still count.
  const untracked = git(["ls-files", "--others", "--exclude-standard", "--full-name", "-z"], dir);
  return { tracked: paths(tracked, root), untracked: paths(untracked, root) };
}
