import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, symlinkSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * What a clean clone of `root` holds, copied into `dest`: the files git tracks and the untracked ones
 * it does not ignore, as they are in the working tree (so a test sees uncommitted changes too), and
 * nothing built: no `dist/`. Its `node_modules` is `root`'s, linked, as `npm ci` would lay it.
 */
export function cleanCheckout(root: string, dest: string): void {
  const listed = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], {
    cwd: root,
    encoding: "utf8",
  });
  for (const file of new Set(listed.split("\0").filter(Boolean))) {
    const target = join(dest, file);
    mkdirSync(dirname(target), { recursive: true });
    try {
      copyFileSync(join(root, file), target);
    } catch (error) {
      // A file deleted in the working tree but still in the index is not in a clean clone either.
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
  symlinkSync(join(root, "node_modules"), join(dest, "node_modules"));
}
