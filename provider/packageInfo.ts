import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { z } from "zod";

const PACKAGE_NAME = "pulumi-infomaniak-mailbox";

const PackageJson = z.object({ name: z.string(), version: z.string() });

interface PackageInfo {
  name: string;
  /** The folder that holds the installed package's package.json (the checkout, in this repository). */
  root: string;
  version: string;
}

let found: PackageInfo | undefined;

/** The installed provider package, found by walking up from this file (whether run from src or dist). */
export function packageInfo(): PackageInfo {
  if (found) return found;
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    let text: string;
    try {
      text = readFileSync(join(dir, "package.json"), "utf8");
    } catch {
      continue;
    }
    const parsed = PackageJson.safeParse(JSON.parse(text));
    if (parsed.success && parsed.data.name === PACKAGE_NAME) {
      found = { name: PACKAGE_NAME, root: dir, version: parsed.data.version };
      return found;
    }
  }
  throw new Error(`package.json of ${PACKAGE_NAME} not found above ${__dirname}`);
}
