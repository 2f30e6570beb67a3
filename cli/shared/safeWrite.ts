import type { Stats } from "node:fs";
import {
  closeSync,
  constants,
  fstatSync,
  ftruncateSync,
  lstatSync,
  openSync,
  realpathSync,
  writeSync,
} from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";

/**
 * Writing files only where asked: every command that writes (export, `export --merge`, offboard) goes
 * through here, so that a symlink or hard link planted in its folder cannot make it write elsewhere.
 */
export class UnsafeWriteError extends Error {
  override readonly name = "UnsafeWriteError";
  readonly code = "unsafe_write";
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** Why `stats` (of an existing `path`) is not a file this command may write over, else undefined. */
function whyNotOurs(path: string, stats: Stats): string | undefined {
  if (stats.isSymbolicLink())
    return `${path} is a symbolic link: writing through it would change a file outside the folder. Remove the link`;
  if (!stats.isFile()) return `${path} is not a regular file`;
  if (stats.nlink > 1)
    return `${path} has other hard links: writing over it would change a file outside the folder too. Remove it`;
  const uid = process.getuid?.();
  if (uid !== undefined && stats.uid !== uid)
    return `${path} belongs to another user, so this command did not write it. Remove it or write elsewhere`;
  return undefined;
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

/** The folder itself, or the closest of its parents that exists (a file's folder is made when it is written). */
function nearestExisting(dir: string): string {
  return lstatOrUndefined(dir) === undefined && dirname(dir) !== dir ? nearestExisting(dirname(dir)) : dir;
}

/**
 * Checks, before any request, that each of `files` (paths relative to `dir`) can be written inside
 * `dir`: no symlink on the way (the folder itself may be one the user named), nothing that resolves
 * outside, and an existing file only when it is a regular file of ours (whether it may be replaced is
 * the caller's rule). Returns the folder's real path, where the writes go, or its path when it does
 * not exist yet (nothing in it to check).
 */
export function checkWritable(dir: string, files: readonly string[]): string {
  if (lstatOrUndefined(dir) === undefined) return resolve(dir);
  const root = realpathSync(dir);
  for (const file of files) {
    const target = resolve(root, file);
    if (!inside(root, target) || target === root)
      throw new UnsafeWriteError(`${file} is not a file inside ${dir}: refused`);
    // Every folder between the root and the file, then the file itself: none may be a link.
    const rel = relative(root, target).split(/[\\/]/);
    for (let depth = 1; depth <= rel.length; depth++) {
      const path = join(root, ...rel.slice(0, depth));
      const stats = lstatOrUndefined(path);
      if (stats === undefined) break;
      if (depth < rel.length) {
        if (stats.isSymbolicLink() || !stats.isDirectory())
          throw new UnsafeWriteError(`${path} is not a folder inside ${dir} (a link, say): refused`);
        continue;
      }
      const why = whyNotOurs(path, stats);
      if (why) throw new UnsafeWriteError(why);
    }
    if (!inside(root, realpathSync(nearestExisting(dirname(target)))))
      throw new UnsafeWriteError(`${file} resolves outside ${dir}: refused`);
  }
  return root;
}

/**
 * Writes `text` to `path`, never through a link: created exclusively unless `replace`, and an
 * existing file is checked again once open (a link or a hard link put there since the check).
 */
export function writeOwnFile(path: string, text: string, replace: boolean): void {
  const flags =
    constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW | (replace ? 0 : constants.O_EXCL);
  let fd: number;
  try {
    fd = openSync(path, flags, 0o644);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ELOOP" || code === "EEXIST")
      throw new UnsafeWriteError(
        `${path} ${code === "ELOOP" ? "is a symbolic link" : "appeared while writing"}: refused`,
      );
    throw error;
  }
  try {
    const why = whyNotOurs(path, fstatSync(fd));
    if (why) throw new UnsafeWriteError(why);
    // Truncated only now that it is known to be ours.
    const buffer = Buffer.from(text, "utf8");
    ftruncateSync(fd, 0);
    let written = 0;
    while (written < buffer.length) written += writeSync(fd, buffer, written);
  } finally {
    closeSync(fd);
  }
}

/**
 * A file named on the command line (`--output`, `--spec`) checked as `checkWritable` checks a folder's:
 * returns the path to write it through (its folder's real path), so that writing it changes that file
 * and nothing else.
 */
export function checkWritableFile(file: string): string {
  return join(checkWritable(dirname(file), [basename(file)]), basename(file));
}

/** Writes over (or creates) a file named on the command line, checked first as `checkWritableFile` does. */
export function writeNamedFile(file: string, text: string): void {
  writeOwnFile(checkWritableFile(file), text, true);
}
