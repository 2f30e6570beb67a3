import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { InfomaniakClient } from "../../provider/api/client";
import type { CliProject } from "../support/pulumiCli";
import { cliProject, describeWithLanguageHost, initStack, run } from "../support/pulumiCli";
import type { TestSimulator } from "../support/simulator";
import { startTestSimulator, testSettings, TOKENS } from "../support/simulator";

const ROOT = join(__dirname, "../..");

const Env = z.record(z.string(), z.string()).default({});
const Step = z.looseObject({ run: z.string().optional(), env: Env });
const Workflow = z.object({
  env: Env.and(z.object({ PROGRAM_DIR: z.string() })),
  jobs: z.record(z.string(), z.looseObject({ env: Env, steps: z.array(Step) })),
});
type Workflow = z.infer<typeof Workflow>;

/** `npx` finds the command in the project's node_modules, or fails: it never asks the registry. */
const NO_REGISTRY = { npm_config_offline: "true" };

/** Steps that cannot run here: installs the test has done already, and posting to GitHub. */
const NOT_HERE = new Set(["npm ci"]);
const POSTS_TO_GITHUB = /\bgh (pr|api)\b/;

/**
 * The workflow's, job's and step's `env`, in GitHub's order, with its expressions (secrets, matrix)
 * given the test's values; an expression the test does not know fails it.
 */
function environment(
  layers: Record<string, string>[],
  values: Record<string, string>,
): Record<string, string> {
  const resolve = (text: string) =>
    text.replace(/\$\{\{\s*([\w.]+)\s*\}\}/g, (_, name: string) => {
      const value = values[name];
      if (value === undefined) throw new Error(`the test has no value for \${{ ${name} }}`);
      return value;
    });
  const merged: Record<string, string> = {};
  for (const layer of layers) for (const [key, value] of Object.entries(layer)) merged[key] = resolve(value);
  return merged;
}

/** A job's `run:` scripts, in order, as GitHub runs them (`bash -e`), on the simulator. */
async function runJob(
  workflow: Workflow,
  name: string,
  project: CliProject,
  runner: Record<string, string>,
  values: Record<string, string>,
): Promise<{ code: number; output: string }> {
  const job = workflow.jobs[name];
  if (!job) throw new Error(`no job ${name}`);
  let output = "";
  for (const step of job.steps) {
    if (!step.run || NOT_HERE.has(step.run.trim()) || POSTS_TO_GITHUB.test(step.run)) continue;
    const env = {
      ...process.env,
      ...NO_REGISTRY,
      ...runner,
      ...environment([workflow.env, job.env, step.env], values),
    };
    // The step's working-directory is PROGRAM_DIR: the project folder here.
    const result = await run("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", step.run], {
      cwd: project.dir,
      env,
      timeoutMs: 240_000,
    });
    output += result.stdout + result.stderr;
    if (result.code !== 0) return { code: result.code, output };
  }
  return { code: 0, output };
}

/**
 * The CI file's program folder as a project of its own, on its own simulator, with the stack `acme`
 * configured in the project's Pulumi.acme.yaml (as a CI checkout has it) and no token in config:
 * CI jobs give it in the environment.
 */
async function acmeStackOf(programDir: string): Promise<{ sim: TestSimulator; project: CliProject }> {
  const sim = await startTestSimulator();
  const project = cliProject(join(ROOT, programDir));
  await initStack(
    project,
    "acme",
    sim.url,
    { "infomaniak-organisations:specFile": "clients/acme/organisation.yaml" },
    { tokenInConfig: false, configInProject: true },
  );
  return { sim, project };
}

/** Out of band: Bruno's rights on support@ cut down in the Manager. */
async function cutBrunosRightsOutOfBand(url: string): Promise<void> {
  const client = new InfomaniakClient(testSettings(url));
  try {
    await client.mailboxAccesses.update({ mailHostingId: 10, mailboxName: "support" }, 2, {
      can_manage_filters: true,
    });
  } finally {
    await client.close();
  }
}

jest.setTimeout(600_000);

describeWithLanguageHost("the GitHub Actions example's shell steps, run in order on the simulator", () => {
  let sim: TestSimulator;
  let project: CliProject;
  const workflow = Workflow.parse(parse(readFileSync(join(ROOT, "examples/ci/github-actions.yml"), "utf8")));

  beforeAll(async () => {
    ({ sim, project } = await acmeStackOf(workflow.env.PROGRAM_DIR));
  });
  afterAll(async () => {
    project.remove();
    await sim.stop();
  });

  it("preview writes the report; apply applies; the drift check fails on drift with its report", async () => {
    const runner = (name: string) => {
      const file = join(project.stateDir, name);
      writeFileSync(file, "");
      return file;
    };
    const env = {
      RUNNER_TEMP: project.stateDir,
      GITHUB_ENV: runner("github-env"),
      GITHUB_STEP_SUMMARY: runner("step-summary.md"),
    };
    // Both tokens are the simulator's: what differs on GitHub is who can read which.
    const values = {
      "matrix.stack": "acme",
      "secrets.INFOMANIAK_PREVIEW_TOKEN": TOKENS.full,
      "secrets.INFOMANIAK_APPLY_TOKEN": TOKENS.full,
      "secrets.PULUMI_BACKEND_URL": `file://${join(project.stateDir, "backend")}`,
      "secrets.PULUMI_CONFIG_PASSPHRASE": "",
      "env.PROGRAM_DIR": workflow.env.PROGRAM_DIR,
    };

    const preview = await runJob(workflow, "preview", project, env, values);
    expect(`${preview.code} ${preview.output}`).toMatch(/^0 /);
    const report = readFileSync(join(project.stateDir, "report.md"), "utf8");
    expect(report).toContain("## Mailbox access in organisation 100 (stack `acme`");
    expect(report).toContain("invited | emma@acme.example");

    const apply = await runJob(workflow, "apply", project, env, values);
    expect(`${apply.code} ${apply.output}`).toMatch(/^0 /);

    await cutBrunosRightsOutOfBand(sim.url);
    const drift = await runJob(workflow, "drift", project, env, values);
    expect(drift.code).toBe(3);
    expect(readFileSync(env.GITHUB_STEP_SUMMARY, "utf8")).toContain("| drift | bruno@acme.example |");
    expect(existsSync(join(project.stateDir, "drift.md"))).toBe(true);
  });
});

const GitlabJob = z.looseObject({
  extends: z.string().optional(),
  variables: z.record(z.string(), z.string()).default({}),
  before_script: z.array(z.string()).default([]),
  script: z.array(z.string()).default([]),
});

/** Lines that cannot run here: installs the test has done already (or that download), and posting to GitLab. */
const GITLAB_NOT_HERE = [/^npm ci$/, /get\.pulumi\.com/, /\$CI_API_V4_URL/];

describeWithLanguageHost("the GitLab CI example's scripts, run in order on the simulator", () => {
  let sim: TestSimulator;
  let project: CliProject;
  const pipeline = parse(readFileSync(join(ROOT, "examples/ci/gitlab-ci.yml"), "utf8")) as Record<
    string,
    unknown
  >;
  const top = z.object({ PROGRAM_DIR: z.string() }).catchall(z.string()).parse(pipeline["variables"]);

  beforeAll(async () => {
    ({ sim, project } = await acmeStackOf(top.PROGRAM_DIR));
  });
  afterAll(async () => {
    project.remove();
    await sim.stop();
  });

  /** A job as GitLab's shell runs it: before_script then script, from the checkout's root, stopping at the first failure. */
  async function runGitlabJob(name: string, ci: Record<string, string>) {
    const job = GitlabJob.parse(pipeline[name]);
    const template = GitlabJob.parse(job.extends ? pipeline[job.extends] : {});
    const expand = (value: string) => value.replace(/\$(\w+)/g, (_, key: string) => ci[key] ?? "");
    const env = {
      ...process.env,
      ...NO_REGISTRY,
      ...ci,
      ...top,
      ...Object.fromEntries(
        Object.entries({ ...template.variables, ...job.variables }).map(([k, v]) => [k, expand(v)]),
      ),
    };
    const lines = [...template.before_script, ...job.script].filter(
      (line) => !GITLAB_NOT_HERE.some((skip) => skip.test(line.trim())),
    );
    // The checkout's root, where PROGRAM_DIR is the project folder.
    const checkout = join(project.stateDir, "checkout");
    mkdirSync(join(checkout, top.PROGRAM_DIR, ".."), { recursive: true });
    if (!existsSync(join(checkout, top.PROGRAM_DIR)))
      symlinkSync(project.dir, join(checkout, top.PROGRAM_DIR));
    return run("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", lines.join("\n")], {
      cwd: checkout,
      env,
      timeoutMs: 240_000,
    });
  }

  it("the merge request's preview writes the report; up applies; the drift job fails on drift", async () => {
    // Both tokens are the simulator's: what differs on GitLab is which pipelines can read which.
    const ci = {
      STACK: "acme",
      INFOMANIAK_PREVIEW_TOKEN: TOKENS.full,
      INFOMANIAK_APPLY_TOKEN: TOKENS.full,
      PULUMI_BACKEND_URL: `file://${join(project.stateDir, "backend")}`,
      PULUMI_CONFIG_PASSPHRASE: "",
    };
    const preview = await runGitlabJob("mailbox-access:preview", ci);
    expect(`${preview.code} ${preview.stderr}`).toMatch(/^0 /);
    expect(readFileSync(join(project.dir, "report.md"), "utf8")).toContain("invited | emma@acme.example");

    const up = await runGitlabJob("mailbox-access:up", ci);
    expect(`${up.code} ${up.stderr}`).toMatch(/^0 /);

    await cutBrunosRightsOutOfBand(sim.url);
    const drift = await runGitlabJob("mailbox-access:drift", ci);
    expect(drift.code).toBe(3);
    expect(readFileSync(join(project.dir, "drift.md"), "utf8")).toContain("| drift | bruno@acme.example |");
  });
});
