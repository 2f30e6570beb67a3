import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { z } from "zod";

const PACKAGE_NAME = "pulumi-infomaniak-mailbox";

const PackageJson = z.object({
  name: z.string(),
  version: z.string(),
  peerDependencies: z.object({ "@pulumi/pulumi": z.string() }).optional(),
});

interface PackageInfo {
  name: string;
  /** The folder that holds the installed package's package.json (the checkout, in this repository). */
  root: string;
  version: string;
  /** The @pulumi/pulumi range this package works with (its peer dependency). */
  peerPulumi: string;
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
      found = {
        name: PACKAGE_NAME,
        root: dir,
        version: parsed.data.version,
        peerPulumi: parsed.data.peerDependencies?.["@pulumi/pulumi"] ?? "^3",
      };
      return found;
    }
  }
  throw new Error(`package.json of ${PACKAGE_NAME} not found above ${__dirname}`);
}
