import { manifest } from "./writeExport";

/**
 * The one program every client of a program folder runs, as `export --into` writes it into an empty
 * folder: the same files as examples/organisations (a unit test holds them equal), so that what
 * `plan`, `offboard` and the CI examples read is what export makes.
 */

/** The project's name, hence the stacks' config key `infomaniak-organisations:specFile`. */
export const SHARED_PROJECT = "infomaniak-organisations";

const DESCRIPTION = "One program for every client organisation; each stack names its client's spec file.";

const MANIFEST_DESCRIPTION =
  "A Pulumi project of its own: `main` is this folder's index.ts (without this file, Pulumi's Node.js runtime would run the nearest package.json up the tree).";

const PROGRAM = `import { resolve } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { Organisation } from "pulumi-infomaniak-mailbox";

/**
 * One program for every client: each stack (\`pulumi stack select acme\`) names its client's spec file
 * in \`Pulumi.<stack>.yaml\` (\`specFile\`, relative to this folder). Tests and the export command call
 * the function with a path instead.
 */
export = (specFile: string = new pulumi.Config().require("specFile")) => {
  const organisation = new Organisation({ spec: resolve(specFile) });
  return {
    members: Object.fromEntries(Object.entries(organisation.members).map(([email, m]) => [email, m.status])),
    grants: Object.fromEntries(Object.entries(organisation.grants).map(([key, g]) => [key, g.status])),
    invitations: Object.fromEntries(
      Object.entries(organisation.invitations).map(([key, i]) => [key, i.status]),
    ),
    invitationLinks: pulumi.secret(
      Object.fromEntries(Object.entries(organisation.invitations).map(([key, i]) => [key, i.shortUrl])),
    ),
    unmanaged: Object.fromEntries(
      Object.entries(organisation.policies).map(([key, p]) => [key, p.unmanaged]),
    ),
  };
};
`;

const PROJECT = [
  `name: ${SHARED_PROJECT}`,
  `description: ${DESCRIPTION}`,
  "runtime:",
  "  name: nodejs",
  "  options:",
  "    typescript: true",
  "",
].join("\n");

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

/** The shared program's files by name (relative to the program folder), with their text. */
export function sharedProgramFiles(): Record<
  "index.ts" | "Pulumi.yaml" | "package.json" | ".gitignore",
  string
> {
  return {
    "index.ts": PROGRAM,
    "Pulumi.yaml": PROJECT,
    "package.json": manifest(SHARED_PROJECT, MANIFEST_DESCRIPTION),
    ".gitignore": GITIGNORE,
  };
}
