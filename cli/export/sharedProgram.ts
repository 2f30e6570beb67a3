import { readFileSync } from "node:fs";
import { join } from "node:path";
import { packageInfo } from "../../provider/packageInfo";
import { manifest } from "./writeExport";

/**
 * The one program every client of a program folder runs, as `export --into` writes it into an empty
 * folder: examples/organisations' own program and project file, so that what `plan`, `offboard`
 * and the CI examples read is what export makes.
 */

/** The example's project name (its Pulumi.yaml), hence the stacks' config key `infomaniak-organisations:specFile`. */
export const SHARED_PROJECT = "infomaniak-organisations";

const MANIFEST_DESCRIPTION =
  "A Pulumi project of its own: `main` is this folder's index.ts (without this file, Pulumi's Node.js runtime would run the nearest package.json up the tree).";

/** The example's files, shipped in the package: the program a user copies is the one export writes. */
const EXAMPLE = "examples/organisations";

function exampleFile(name: string): string {
  return readFileSync(join(packageInfo().root, EXAMPLE, name), "utf8");
}

/**
 * `plan` counts an untracked file of the folder as a change to the shared program (every client is
 * previewed again): what runs leave here belongs in this file.
 */
const GITIGNORE = [
  // No trailing slash: a linked node_modules is ignored too.
  "node_modules",
  "# plan counts untracked files here as changes: add what your runs leave in this folder.",
  "",
].join("\n");

/** The shared program's files (relative to the program folder): known without reading the example. */
export const SHARED_PROGRAM_FILES = ["index.ts", "Pulumi.yaml", "package.json", ".gitignore"] as const;

/** The shared program's files by name, with their text. */
export function sharedProgramFiles(): Record<(typeof SHARED_PROGRAM_FILES)[number], string> {
  return {
    "index.ts": exampleFile("index.ts"),
    "Pulumi.yaml": exampleFile("Pulumi.yaml"),
    "package.json": manifest(SHARED_PROJECT, MANIFEST_DESCRIPTION),
    ".gitignore": GITIGNORE,
  };
}
