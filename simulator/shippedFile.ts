import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * A file the package ships (such as `simulator/fixtures/quickstart.json`), found by walking up from
 * this module: it runs from the source in this repository and from `dist/` once installed.
 */
export function shippedFile(relative: string): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, relative))) return join(dir, relative);
  }
  throw new Error(`${relative} not found above ${__dirname}`);
}
