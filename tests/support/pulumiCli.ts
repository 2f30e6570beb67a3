import { execFile } from "node:child_process";
import { cpSync, mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { languageHost } from "../../sdk/automation/languageHost";
import { offlineEngineEnv } from "../../sdk/automation/localStack";
import { readPreviewOutput } from "../../cli/shared/previewSteps";
import type { Step } from "../../cli/shared/previewSteps";
import { TEST_TODAY, TOKENS } from "./simulator";
import { makeTempDir } from "./tempDir";

/** `describe`, or, without a language host, `describe.skip` whose title says why. */
export function describeWithLanguageHost(title: string, body: () => void): void {
  if (languageHost()) describe(title, body);
  else
    describe.skip(
      `${title} (skipped: no pulumi-language-nodejs beside pulumi or on PATH; a regular Pulumi installation has it, ` +
        `and ../shared/tools/install-language-host.sh installs it beside the engine)`,
      body,
    );
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A command run without blocking: the simulator the command talks to runs in this process. */
export function run(
  file: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      {
        cwd: options.cwd,
        env: options.env ?? process.env,
        maxBuffer: 64 * 1024 * 1024,
        timeout: options.timeoutMs ?? 240_000,
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The checkout's built `infomaniak-mailbox` command. */
export function infomaniakMailbox(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<CliResult> {
  return run("node", [join(__dirname, "../../dist/cli/main.js"), ...args], { env });
}

/** A project folder run with the `pulumi` CLI as a user would, on a `file://` backend of its own. */
export interface CliProject {
  /** Where `pulumi` runs (the project folder). */
  dir: string;
  /** Holds the backend, PULUMI_HOME and the stack config files written by the test. */
  stateDir: string;
  pulumi(args: string[], env?: Record<string, string>): Promise<CliResult>;
  /** `pulumi preview --json` of a stack, read as the report reads it; fails the test on a failed run. */
  previewSteps(stack: string): Promise<{ steps: Step[]; json: string }>;
  remove(): void;
}

/**
 * A project: `source` (or only the listed paths inside it) copied into a temp folder, with the
 * checkout's node_modules linked beside it, as in a project that installed this package. Nothing is
 * written into the checkout (`pulumi stack init` writes the stack's file into the project folder).
 */
export function cliProject(source: string, options: { only?: string[] } = {}): CliProject {
  const temp = makeTempDir("cli-project");
  const stateDir = join(temp.path, "state");
  mkdirSync(join(stateDir, "backend"), { recursive: true });
  const dir = join(temp.path, "project");
  for (const path of options.only ?? ["."]) cpSync(join(source, path), join(dir, path), { recursive: true });
  symlinkSync(join(__dirname, "../../node_modules"), join(dir, "node_modules"), "dir");
  const env = { ...process.env, ...offlineEngineEnv(stateDir), PULUMI_SKIP_UPDATE_CHECK: "true" };
  const pulumi = (args: string[], extra: Record<string, string> = {}) =>
    run("pulumi", [...args, "--non-interactive", "--color", "never"], {
      cwd: dir,
      env: { ...env, ...extra },
    });
  return {
    dir,
    stateDir,
    pulumi,
    async previewSteps(stack) {
      const run = await pulumi(["preview", "--json", "--show-sames", ...stackArgs(stateDir, stack)]);
      if (run.code !== 0)
        throw new Error(`pulumi preview failed (${run.code}):\n${run.stdout}\n${run.stderr}`);
      const read = readPreviewOutput(run.stdout, "pulumi preview --json");
      if (read.incomplete) throw new Error(`pulumi preview: ${read.incomplete}`);
      return { steps: read.steps, json: run.stdout };
    },
    remove: () => temp.remove(),
  };
}

/** A stack's options: its config file in the test's state folder, not in the project. */
export function stackArgs(stateDir: string, stack: string): string[] {
  return ["--stack", stack, "--config-file", join(stateDir, `Pulumi.${stack}.yaml`)];
}

/**
 * Creates the stack and points it at the simulator, as the README's steps do (`pulumi stack init`,
 * `pulumi config set`); `config` adds the project's own settings.
 */
export async function initStack(
  project: CliProject,
  stack: string,
  simulatorUrl: string,
  config: Record<string, string> = {},
  options: { tokenInConfig?: boolean; configInProject?: boolean } = {},
): Promise<void> {
  const must = async (args: string[]) => {
    const run = await project.pulumi(args);
    if (run.code !== 0) throw new Error(`pulumi ${args.join(" ")} failed:\n${run.stdout}\n${run.stderr}`);
  };
  await must(["stack", "init", stack]);
  // In the project's own Pulumi.<stack>.yaml where a CI checkout has it, else in the state folder.
  const file = options.configInProject ? ["--stack", stack] : stackArgs(project.stateDir, stack);
  const settings = { "infomaniak:apiUrl": simulatorUrl, "infomaniak:today": TEST_TODAY, ...config };
  for (const [key, value] of Object.entries(settings)) await must(["config", "set", key, value, ...file]);
  // Or, as CI jobs do, INFOMANIAK_TOKEN in the environment of each run.
  if (options.tokenInConfig !== false)
    await must(["config", "set", "--secret", "infomaniak:token", TOKENS.full, ...file]);
}

/** The provider's resources in a preview (not the Organisation component), as `op type name`, sorted. */
export function resourceSteps(steps: readonly Step[]): string[] {
  return steps
    .filter((s) => s.type.includes("dynamic/infomaniak:"))
    .map((s) => `${s.op} ${s.type.split(":").pop() ?? ""} ${s.urn.split("::").pop() ?? ""}`)
    .sort();
}
