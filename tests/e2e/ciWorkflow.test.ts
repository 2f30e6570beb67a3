import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { InfomaniakClient } from "../../provider/api/client";
import type { CliProject } from "../support/pulumiCli";
import { onPath } from "../../automation/languageHost";
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
 * The CI file's program folder as a project of its own, on its own simulator, with the client stacks
 * configured in the project's Pulumi.<stack>.yaml (as a CI checkout has them) and no token in config:
 * CI jobs give it in the environment.
 */
async function clientStacksOf(
  programDir: string,
  stacks: readonly string[],
): Promise<{ sim: TestSimulator; project: CliProject }> {
  const sim = await startTestSimulator();
  const project = cliProject(join(ROOT, programDir));
  for (const stack of stacks)
    await initStack(
      project,
      stack,
      sim.url,
      { "infomaniak-organisations:specFile": `clients/${stack}/organisation.yaml` },
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
    ({ sim, project } = await clientStacksOf(workflow.env.PROGRAM_DIR, ["acme"]));
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
    // The package's policy pack ran in the preview (its mandatory rules pass on this client's spec).
    expect(preview.output).toMatch(/infomaniak-mailbox-sharing@v0\.1\.0/);
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

/**
 * Stand-ins for what a GitLab runner reaches outside: `curl` (get.pulumi.com, whose script is not
 * run: `pulumi` is on PATH already, and the GitLab API, whose notes are recorded) and `npm ci` (the
 * checkout's node_modules is linked in, as in the other CLI tests). Every other command is the real one.
 */
function gitlabStandIns(dir: string, log: string): string {
  mkdirSync(dir, { recursive: true });
  const npm = onPath("npm");
  if (!npm) throw new Error("npm is not on PATH");
  const script = (name: string, body: string) => {
    writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(dir, name), 0o755);
  };
  script(
    "curl",
    `echo "curl $*" >> '${log}'\nfor arg; do case "$arg" in body@*) cat "\${arg#body@}" >> '${log}';; esac; done`,
  );
  script(
    "npm",
    `if [ "$1" = ci ]; then echo "npm ci (stand-in)" >> '${log}'; exit 0; fi\nexec '${npm}' "$@"`,
  );
  return dir;
}

/** gitlab-ci-local clones the checkout with rsync; .ci/run installs it with apt. */
const describeWithGitlabCiLocal = onPath("rsync")
  ? describeWithLanguageHost
  : (title: string, body: () => void) =>
      describe.skip(
        `${title} (skipped: gitlab-ci-local needs rsync on PATH; .ci/run installs it with apt)`,
        body,
      );

describeWithGitlabCiLocal(
  "the GitLab CI example, run by gitlab-ci-local's shell executor on the simulator",
  () => {
    let sim: TestSimulator;
    let project: CliProject;
    let checkout: string;
    let standInLog: string;
    const top = z
      .object({ variables: z.object({ PROGRAM_DIR: z.string() }) })
      .parse(parse(readFileSync(join(ROOT, "examples/ci/gitlab-ci.yml"), "utf8")));
    const programDir = top.variables.PROGRAM_DIR;

    /**
     * A repository as the user's: the CI file as its .gitlab-ci.yml and the program folder with both
     * client stacks' Pulumi.<stack>.yaml committed, its default branch `main` on a remote.
     */
    beforeAll(async () => {
      ({ sim, project } = await clientStacksOf(programDir, ["acme", "legacy-gmbh"]));
      checkout = join(project.stateDir, "checkout");
      cpSync(project.dir, join(checkout, programDir), { recursive: true, verbatimSymlinks: true });
      cpSync(join(ROOT, "examples/ci/gitlab-ci.yml"), join(checkout, ".gitlab-ci.yml"));
      const git = async (...args: string[]) => {
        const result = await run("git", ["-c", "user.name=CI", "-c", "user.email=ci@acme.example", ...args], {
          cwd: checkout,
        });
        if (result.code !== 0) throw new Error(`git ${args.join(" ")}: ${result.stderr}`);
      };
      await git("init", "-q", "-b", "main");
      await git("remote", "add", "origin", "https://gitlab.example.com/acme/mailbox-access.git");
      await git("add", "-A");
      await git("commit", "-q", "-m", "Mailbox access as code");
      await git("update-ref", "refs/remotes/origin/main", "HEAD");
      await git("symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/main");
      standInLog = join(project.stateDir, "stand-ins.log");
    });
    afterAll(async () => {
      project.remove();
      await sim.stop();
    });

    /** One pipeline of `source` (merge_request_event, push, schedule): every job its rules let in, both stacks. */
    async function pipeline(source: string) {
      writeFileSync(standInLog, "");
      // CI/CD variables, as the project's settings give them; both tokens are the simulator's.
      const variables = {
        CI_PIPELINE_SOURCE: source,
        CI_MERGE_REQUEST_IID: "7",
        INFOMANIAK_PREVIEW_TOKEN: TOKENS.full,
        INFOMANIAK_APPLY_TOKEN: TOKENS.full,
        GITLAB_API_TOKEN: "glpat-test",
        PULUMI_BACKEND_URL: `file://${join(project.stateDir, "backend")}`,
        PULUMI_CONFIG_PASSPHRASE: "",
      };
      const standIns = gitlabStandIns(join(project.stateDir, "stand-ins"), standInLog);
      const result = await run(
        join(ROOT, "node_modules/.bin/gitlab-ci-local"),
        [
          "--home",
          join(project.stateDir, "gitlab-ci-local-home"),
          "--force-shell-executor",
          // Each job in a copy of the checkout, as each GitLab job has its own.
          "--shell-isolation",
          "--no-artifacts-to-source",
          "--no-color",
          "--ignore-predefined-vars",
          "CI_PIPELINE_SOURCE,CI_MERGE_REQUEST_IID",
          ...Object.entries(variables).flatMap(([key, value]) => ["--variable", `${key}=${value}`]),
        ],
        {
          cwd: checkout,
          env: {
            ...process.env,
            ...NO_REGISTRY,
            PATH: `${standIns}${delimiter}${process.env["PATH"] ?? ""}`,
            PULUMI_HOME: join(project.stateDir, "home"),
            PULUMI_SKIP_UPDATE_CHECK: "true",
          },
          timeoutMs: 480_000,
        },
      );
      return { ...result, standIns: readFileSync(standInLog, "utf8") };
    }

    /** The files a pipeline's jobs kept as artifacts under `name`, by job. */
    function artifacts(name: string): string[] {
      const root = join(checkout, ".gitlab-ci-local/artifacts");
      return readdirSync(root)
        .map((job) => join(root, job, programDir, name))
        .filter((file) => existsSync(file))
        .map((file) => readFileSync(file, "utf8"));
    }

    it("a merge request previews both stacks and posts each report as a note", async () => {
      const mr = await pipeline("merge_request_event");
      expect(`${mr.code} ${mr.stdout}`).toMatch(/^0 /);
      expect(mr.stdout).toContain("PASS  mailbox-access:preview: [acme]");
      expect(mr.stdout).toContain("PASS  mailbox-access:preview: [legacy-gmbh]");
      expect(mr.stdout).not.toContain("mailbox-access:up");
      const notes = mr.standIns.match(/curl .*merge_requests\/7\/notes/g) ?? [];
      expect(notes).toHaveLength(2);
      expect(mr.standIns).toContain("PRIVATE-TOKEN: glpat-test");
      expect(mr.standIns).toContain("**Stack `acme`**");
      expect(mr.standIns).toContain("invited | emma@acme.example");
      expect(mr.standIns).toContain("**Stack `legacy-gmbh`**");
      expect(artifacts("report.md")).toHaveLength(2);
    });

    it("the default branch applies both stacks", async () => {
      const push = await pipeline("push");
      expect(`${push.code} ${push.stdout}`).toMatch(/^0 /);
      expect(push.stdout).toContain("PASS  mailbox-access:up: [acme]");
      expect(push.stdout).toContain("PASS  mailbox-access:up: [legacy-gmbh]");
      expect(push.stdout).not.toContain("mailbox-access:preview");
      const state = await sim.admin.state();
      expect(state.accountInvitations.map((i) => i.email)).toContain("emma@acme.example");
    });

    it("the scheduled drift check fails the stack changed in the Manager, with its report", async () => {
      await cutBrunosRightsOutOfBand(sim.url);
      const schedule = await pipeline("schedule");
      expect(schedule.code).not.toBe(0);
      expect(schedule.stdout).toContain("FAIL  mailbox-access:drift: [acme]");
      expect(schedule.stdout).toContain("PASS  mailbox-access:drift: [legacy-gmbh]");
      const drift = artifacts("drift.md").filter((report) => report.includes("stack `acme`"));
      expect(drift).toEqual([expect.stringContaining("| drift | bruno@acme.example |")]);
    });
  },
);
