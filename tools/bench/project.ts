import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ConfigMap, Stack } from "@pulumi/pulumi/automation";
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation";
import { languageHost } from "../../sdk/automation/languageHost";
import { offlineEngineEnv } from "../../sdk/automation/localStack";
import { packageInfo } from "../../provider/packageInfo";
import type { Declaration } from "./declaration";
import { DECLARATION_FILE } from "./declaration";

/** The program's files, compiled beside this one and copied into each project. */
const PROGRAM_FILES = ["program.js", "declare.js", "declaration.js"];

/**
 * Installs the packed package into `root/node_modules` as npm lays it out for a user: the package
 * from its tarball and a real `@pulumi/pulumi` beside it (so the closure serializer finds the
 * package by name and stores its compact stub); the other dependencies are linked from this checkout.
 */
export function installPackedPackage(root: string): void {
  const modules = join(root, "node_modules");
  mkdirSync(join(modules, "@pulumi"), { recursive: true });
  const checkout = packageInfo().root;
  // The checkout's dist/ is built already (the suite and the bench build first): without
  // --ignore-scripts, prepack would rebuild it, emptying it under every other process that reads it.
  const packed = JSON.parse(
    execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", root], {
      cwd: checkout,
      encoding: "utf8",
    }),
  ) as { filename: string }[];
  const unpacked = join(root, "unpacked");
  mkdirSync(unpacked);
  execFileSync("tar", ["-xzf", join(root, packed[0]?.filename ?? ""), "-C", unpacked]);
  renameSync(join(unpacked, "package"), join(modules, packageInfo().name));
  cpSync(join(checkout, "node_modules/@pulumi/pulumi"), join(modules, "@pulumi/pulumi"), { recursive: true });
  const link = (name: string) => symlinkSync(join(checkout, "node_modules", name), join(modules, name));
  for (const entry of readdirSync(join(checkout, "node_modules"))) {
    if (entry === packageInfo().name || entry.startsWith(".")) continue;
    if (entry !== "@pulumi") link(entry);
    else
      for (const scoped of readdirSync(join(checkout, "node_modules/@pulumi"))) {
        if (scoped !== "pulumi") link(`@pulumi/${scoped}`);
      }
  }
}

/** The provider's settings for a benchmark stack: the simulator, its token, a request budget. */
export function stackConfig(url: string, token: string, requestsPerMinute = 1_000_000): ConfigMap {
  return {
    "infomaniak:apiUrl": { value: url },
    "infomaniak:token": { value: token, secret: true },
    "infomaniak:requestsPerMinute": { value: String(requestsPerMinute) },
  };
}

export interface BenchProject {
  /** The project folder, where the program runs. */
  dir: string;
  stack: Stack;
  /** What the next operation's program declares. */
  declare(declaration: Declaration): void;
  /** The stack's state file on the `file://` backend. */
  stateFile: string;
}

/**
 * A Pulumi project folder under `root` (beside the installed package), with a stack on a `file://`
 * backend of its own: `pulumi` runs its program through the Node.js language host in a process of
 * its own, as for a user's project.
 */
export async function openBenchProject(
  root: string,
  name: string,
  config: ConfigMap,
  env: Record<string, string>,
): Promise<BenchProject> {
  const dir = join(root, name);
  mkdirSync(dir);
  for (const file of PROGRAM_FILES) cpSync(join(__dirname, file), join(dir, file));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name, private: true, main: "program.js" }));
  writeFileSync(
    join(dir, "Pulumi.yaml"),
    `name: ${name}\nruntime:\n  name: nodejs\n  options:\n    typescript: false\n`,
  );
  const stateDir = join(root, `${name}-state`);
  const engineEnv = { ...offlineEngineEnv(stateDir), ...env };
  mkdirSync(join(stateDir, "backend"), { recursive: true });
  const stack = await LocalWorkspace.createOrSelectStack(
    { workDir: dir, stackName: "bench" },
    {
      pulumiCommand: await PulumiCommand.get({ skipVersionCheck: true }),
      pulumiHome: engineEnv["PULUMI_HOME"],
      envVars: engineEnv,
    },
  );
  await stack.setAllConfig(config);
  return {
    dir,
    stack,
    declare: (declaration) => writeFileSync(join(dir, DECLARATION_FILE), JSON.stringify(declaration)),
    stateFile: join(stateDir, "backend/.pulumi/stacks", name, "bench.json"),
  };
}

/** The benchmark runs programs from project folders: that takes Pulumi's Node.js language host. */
export function requireLanguageHost(): void {
  if (languageHost() !== undefined) return;
  throw new Error(
    "npm run bench runs each program from a project folder, which takes Pulumi's Node.js language host " +
      "(pulumi-language-nodejs) beside pulumi or on PATH: a regular Pulumi installation has it; in this " +
      "project, ../shared/tools/install-language-host.sh installs it beside the engine",
  );
}

/** Empties the benchmark's folder: every run starts from no state at all. */
export function freshFolder(root: string): void {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
}
