import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

/** git in `dir` as a test's user, without the machine's own settings; its output, trimmed. */
export function git(dir: string, ...args: string[]): string {
  return execFileSync(
    "git",
    ["-c", "user.name=CI", "-c", "user.email=ci@acme.example", "-c", "commit.gpgsign=false", ...args],
    { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
  ).trim();
}

/**
 * `dir` as a repository whose first commit holds all it has (node_modules, linked in by the CLI
 * tests, ignored as a user's repository ignores it); returns that commit.
 */
export function initRepository(dir: string): string {
  writeFileSync(join(dir, ".gitignore"), "node_modules\n");
  git(dir, "init", "-q", "-b", "main");
  return commitAll(dir, "Mailbox access as code");
}

/** Every change in `dir` committed; returns the commit. */
export function commitAll(dir: string, message: string): string {
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", message);
  return git(dir, "rev-parse", "HEAD");
}
