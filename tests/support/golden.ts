import { readFileSync, writeFileSync } from "node:fs";

/**
 * `actual` compared with the golden file. `UPDATE_GOLDEN=1` rewrites the file first, on a developer's
 * machine only: in CI the file is always compared, never rewritten (a rewrite would compare the output
 * with itself).
 */
export function expectGolden(file: string, actual: string): void {
  if (process.env["UPDATE_GOLDEN"]) {
    if (process.env["CI"])
      throw new Error("UPDATE_GOLDEN is set in CI: golden files are compared there, never rewritten");
    writeFileSync(file, actual);
  }
  expect(actual).toBe(readFileSync(file, "utf8"));
}
