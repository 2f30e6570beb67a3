import {
  chmodSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { delimiter, join } from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { InfomaniakClient } from "../../provider/api/client";
import type { CliProject } from "../support/pulumiCli";
import { onPath } from "../../sdk/automation/languageHost";
import type { ForgeStandIn } from "../support/ciStandIns";
import { githubCli, gitlabCurl } from "../support/ciStandIns";
import { commitAll, git, initRepository } from "../support/gitRepo";
import { cliProject, describeWithLanguageHost, initStack, run } from "../support/pulumiCli";
import type { TestSimulator } from "../support/simulator";
import { startTestSimulator, testSettings, TOKENS } from "../support/simulator";

const ROOT = join(__dirname, "../..");
const MARKER = "<!-- mailbox-access:plan -->";

const Env = z.record(z.string(), z.string()).default({});
const Step = z.looseObject({ id: z.string().optional(), run: z.string().optional(), env: Env });
const Job = z.looseObject({
  env: Env,
  steps: z.array(Step),
  outputs: z.record(z.string(), z.string()).optional(),
  strategy: z.looseObject({ matrix: z.looseObject({ stack: z.unknown() }) }).optional(),
});
const Workflow = z.object({
  env: Env.and(z.object({ PROGRAM_DIR: z.string() })),
  jobs: z.record(z.string(), Job),
});
type Workflow = z.infer<typeof Workflow>;

/** `npx` finds the command in the project's node_modules, or fails: it never asks the registry. */
const NO_REGISTRY = { npm_config_offline: "true" };

/** Steps that cannot run here: installs the test has done already. */
const NOT_HERE = new Set(["npm ci"]);

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

/** `KEY=value` lines, as steps append them to $GITHUB_ENV and $GITHUB_OUTPUT. */
function keyValues(file: string): Record<string, string> {
  return Object.fromEntries(
    readFileSync(file, "utf8")
      .split("\n")
      .filter((line) => line.includes("="))
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
}

interface JobRun {
  code: number;
  output: string;
  /** The job's own runner folder ($RUNNER_TEMP), its step outputs by step id, its step summary. */
  temp: string;
  outputs: Record<string, Record<string, string>>;
  summary: string;
}

/**
 * A job's `run:` scripts, in order, as GitHub runs them (`bash -e`), on the simulator: each with the
 * variables earlier steps wrote to $GITHUB_ENV, and a runner folder of its own for the job. `only`
 * runs some of its steps again in a runner folder of an earlier run (a re-run of the job).
 */
async function runJob(
  workflow: Workflow,
  name: string,
  project: CliProject,
  runner: Record<string, string>,
  values: Record<string, string>,
  again?: { temp: string; only: (step: z.infer<typeof Step>) => boolean },
): Promise<JobRun> {
  const job = workflow.jobs[name];
  if (!job) throw new Error(`no job ${name}`);
  const temp = again?.temp ?? mkdtempSync(join(project.stateDir, `${name}-`));
  const files = { GITHUB_ENV: join(temp, "github-env"), GITHUB_STEP_SUMMARY: join(temp, "step-summary.md") };
  for (const file of Object.values(files)) if (!existsSync(file)) writeFileSync(file, "");
  const outputs: JobRun["outputs"] = {};
  let output = "";
  const done = (code: number): JobRun => ({
    code,
    output,
    temp,
    outputs,
    summary: readFileSync(files.GITHUB_STEP_SUMMARY, "utf8"),
  });
  for (const step of job.steps) {
    if (!step.run || NOT_HERE.has(step.run.trim()) || (again && !again.only(step))) continue;
    const stepOutput = join(temp, `output-${step.id ?? "step"}`);
    writeFileSync(stepOutput, "");
    const env = {
      ...process.env,
      ...NO_REGISTRY,
      ...runner,
      ...files,
      RUNNER_TEMP: temp,
      GITHUB_OUTPUT: stepOutput,
      ...keyValues(files.GITHUB_ENV),
      ...environment([workflow.env, job.env, step.env], values),
    };
    // The step's working-directory is PROGRAM_DIR: the project folder here.
    const result = await run("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", step.run], {
      cwd: project.dir,
      env,
      timeoutMs: 240_000,
    });
    output += result.stdout + result.stderr;
    if (step.id) outputs[step.id] = keyValues(stepOutput);
    if (result.code !== 0) return done(result.code);
  }
  return done(0);
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

/** The change a pull request (merge request) makes: acme's spec only. */
function changeAcmesSpec(programDir: string): void {
  const file = join(programDir, "clients/acme/organisation.yaml");
  const text = readFileSync(file, "utf8");
  if (!text.includes("reason: First-line support\n")) throw new Error(`${file} changed: update the test`);
  writeFileSync(
    file,
    text.replace("reason: First-line support\n", "reason: First-line support and escalations\n"),
  );
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
  let base: string;
  let head: string;
  let forge: ForgeStandIn;
  const workflow = Workflow.parse(parse(readFileSync(join(ROOT, "examples/ci/github-actions.yml"), "utf8")));

  /** Both clients committed on main; then a pull request that changes acme's spec. */
  beforeAll(async () => {
    ({ sim, project } = await clientStacksOf(workflow.env.PROGRAM_DIR, ["acme", "legacy-gmbh"]));
    base = initRepository(project.dir);
    changeAcmesSpec(project.dir);
    head = commitAll(project.dir, "acme: Chloé also takes escalations");
    forge = githubCli(join(project.stateDir, "github"));
    // Already on the pull request: a reviewer's comment that quotes the marker; it is not the bot's.
    forge.seed([{ id: 1, user: { login: "octocat" }, body: `${MARKER}\nquoted by a reviewer` }]);
  });
  afterAll(async () => {
    project.remove();
    await sim.stop();
  });

  /** The runner's variables, and the values of the workflow's expressions (both tokens the simulator's). */
  const context = (event: string) => ({
    runner: {
      GITHUB_EVENT_NAME: event,
      GITHUB_REPOSITORY: "acme/mailbox-access",
      PATH: `${forge.bin}${delimiter}${process.env["PATH"] ?? ""}`,
    },
    values: {
      "secrets.INFOMANIAK_PREVIEW_TOKEN": TOKENS.full,
      "secrets.INFOMANIAK_APPLY_TOKEN": TOKENS.full,
      "secrets.PULUMI_BACKEND_URL": `file://${join(project.stateDir, "backend")}`,
      "secrets.PULUMI_CONFIG_PASSPHRASE": "",
      "env.PROGRAM_DIR": workflow.env.PROGRAM_DIR,
      "github.token": "ghs-test-token",
      "github.event.pull_request.number": "7",
      "github.event.pull_request.base.sha": base,
      "github.event.before": event === "push" ? base : "",
    },
  });

  /** The `clients` job's list, as the matrix of the job that needs it reads it. */
  async function matrixFor(job: "apply" | "drift", event: string): Promise<string[]> {
    const expression = workflow.jobs[job]?.strategy?.matrix.stack;
    expect(expression).toBe("${{ fromJSON(needs.clients.outputs.stacks) }}");
    expect(workflow.jobs["clients"]?.outputs?.["stacks"]).toBe("${{ steps.list.outputs.stacks }}");
    const { runner, values } = context(event);
    const clients = await runJob(workflow, "clients", project, runner, values);
    expect(`${clients.code} ${clients.output}`).toMatch(/^0 /);
    return z.array(z.string()).parse(JSON.parse(clients.outputs["list"]?.["stacks"] ?? "null"));
  }

  it("a pull request previews the client it touches and posts ONE combined report, edited on the next push", async () => {
    const { runner, values } = context("pull_request");
    const preview = await runJob(workflow, "preview", project, runner, values);
    expect(`${preview.code} ${preview.output}`).toMatch(/^0 /);
    // Only acme's spec changed: one preview, with the package's policy pack.
    expect(preview.output.match(/^Previewing \S+/gm)).toEqual(["Previewing acme"]);
    const report = readFileSync(join(preview.temp, "report.md"), "utf8");
    expect(report).toContain("Changes against `" + base + "` touch 1 of 2 clients; 1 previewed.");
    expect(report).toContain("## Mailbox access in organisation 100 (stack `acme`");
    expect(report).toContain("First-line support and escalations");
    expect(report).toContain(
      "| legacy-gmbh | clients/legacy-gmbh/organisation.yaml | not previewed: no change touches it |",
    );
    expect(forge.calls()).toEqual([
      "GET repos/acme/mailbox-access/issues/7/comments",
      "POST repos/acme/mailbox-access/issues/7/comments",
    ]);
    const posted = forge.comments().filter((c) => c.user?.login === "github-actions[bot]");
    expect(posted).toEqual([
      { id: 1001, user: { login: "github-actions[bot]" }, body: `${MARKER}\n${report}` },
    ]);

    // The next push: the job runs again; its comment is found by its marker and edited, not added.
    writeFileSync(join(preview.temp, "report.md"), report.replace("1 previewed.", "1 previewed (again)."));
    const again = await runJob(workflow, "preview", project, runner, values, {
      temp: preview.temp,
      only: (step) => step.run?.includes(MARKER) ?? false,
    });
    expect(`${again.code} ${again.output}`).toMatch(/^0 /);
    expect(forge.calls().slice(2)).toEqual([
      "GET repos/acme/mailbox-access/issues/7/comments",
      "PATCH repos/acme/mailbox-access/issues/comments/1001",
    ]);
    expect(forge.comments().map((c) => `${c.id} ${c.body.includes("(again)")}`)).toEqual([
      "1 false",
      "1001 true",
    ]);
    expect(forge.calls().join("\n")).not.toContain(TOKENS.full);
  });

  it("main applies the clients the push touched, with what it did in the run's summary", async () => {
    expect(git(project.dir, "rev-parse", "HEAD")).toBe(head);
    const stacks = await matrixFor("apply", "push");
    expect(stacks).toEqual(["acme"]);
    const { runner, values } = context("push");
    const apply = await runJob(workflow, "apply", project, runner, { ...values, "matrix.stack": "acme" });
    expect(`${apply.code} ${apply.output}`).toMatch(/^0 /);
    expect(apply.summary).toContain("## Mailbox access in organisation 100 (stack `acme`");
    expect(apply.summary).toContain("| gains access | chloe@acme.example |");
    const state = await sim.admin.state();
    expect(state.accountInvitations?.map((i) => i.email)).toContain("emma@acme.example");
  });

  it("the daily drift check takes every client and fails the one changed in the Manager, with its report", async () => {
    await cutBrunosRightsOutOfBand(sim.url);
    const stacks = await matrixFor("drift", "schedule");
    expect(stacks).toEqual(["acme", "legacy-gmbh"]);
    const { runner, values } = context("schedule");
    const codes: Record<string, number> = {};
    for (const stack of stacks) {
      const drift = await runJob(workflow, "drift", project, runner, { ...values, "matrix.stack": stack });
      codes[stack] = drift.code;
      if (stack === "acme") {
        expect(drift.summary).toContain("| drift | bruno@acme.example |");
        expect(existsSync(join(drift.temp, "drift.md"))).toBe(true);
      }
    }
    expect(codes).toEqual({ acme: 3, "legacy-gmbh": 0 });
  });
});

/**
 * Stand-ins for what a GitLab runner reaches outside: `curl` (get.pulumi.com, whose script is not
 * run: `pulumi` is on PATH already, and the GitLab API's notes, kept and logged) and `npm ci` (the
 * checkout's node_modules is linked in, as in the other CLI tests). Every other command is the real one.
 */
function gitlabStandIns(dir: string): ForgeStandIn {
  const forge = gitlabCurl(dir);
  const npm = onPath("npm");
  if (!npm) throw new Error("npm is not on PATH");
  writeFileSync(join(forge.bin, "npm"), `#!/bin/sh\nif [ "$1" = ci ]; then exit 0; fi\nexec '${npm}' "$@"\n`);
  chmodSync(join(forge.bin, "npm"), 0o755);
  return forge;
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
    let base: string;
    let forge: ForgeStandIn;
    const top = z
      .object({ variables: z.object({ PROGRAM_DIR: z.string() }) })
      .parse(parse(readFileSync(join(ROOT, "examples/ci/gitlab-ci.yml"), "utf8")));
    const programDir = top.variables.PROGRAM_DIR;

    /**
     * A repository as the user's: the CI file as its .gitlab-ci.yml and the program folder with both
     * client stacks' Pulumi.<stack>.yaml committed, its default branch `main` on a remote; then the
     * merge request's commit, which changes acme's spec.
     */
    beforeAll(async () => {
      ({ sim, project } = await clientStacksOf(programDir, ["acme", "legacy-gmbh"]));
      checkout = join(project.stateDir, "checkout");
      cpSync(project.dir, join(checkout, programDir), { recursive: true, verbatimSymlinks: true });
      cpSync(join(ROOT, "examples/ci/gitlab-ci.yml"), join(checkout, ".gitlab-ci.yml"));
      git(checkout, "init", "-q", "-b", "main");
      git(checkout, "remote", "add", "origin", "https://gitlab.example.com/acme/mailbox-access.git");
      // The linked node_modules is committed: gitlab-ci-local copies only tracked files into a job.
      base = commitAll(checkout, "Mailbox access as code");
      changeAcmesSpec(join(checkout, programDir));
      commitAll(checkout, "acme: Chloé also takes escalations");
      git(checkout, "update-ref", "refs/remotes/origin/main", "HEAD");
      git(checkout, "symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/main");
      forge = gitlabStandIns(join(project.stateDir, "gitlab"));
    });
    afterAll(async () => {
      project.remove();
      await sim.stop();
    });

    /** One pipeline of `source` (merge_request_event, push, schedule): every job its rules let in. */
    async function pipeline(source: string) {
      const calls = forge.calls().length;
      // CI/CD variables, as the project's settings give them; both tokens are the simulator's.
      const variables = {
        CI_PIPELINE_SOURCE: source,
        CI_MERGE_REQUEST_IID: "7",
        CI_MERGE_REQUEST_DIFF_BASE_SHA: base,
        INFOMANIAK_PREVIEW_TOKEN: TOKENS.full,
        INFOMANIAK_APPLY_TOKEN: TOKENS.full,
        GITLAB_API_TOKEN: "glpat-test",
        PULUMI_BACKEND_URL: `file://${join(project.stateDir, "backend")}`,
        PULUMI_CONFIG_PASSPHRASE: "",
      };
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
            PATH: `${forge.bin}${delimiter}${process.env["PATH"] ?? ""}`,
            PULUMI_HOME: join(project.stateDir, "home"),
            PULUMI_SKIP_UPDATE_CHECK: "true",
          },
          timeoutMs: 480_000,
        },
      );
      return { ...result, calls: forge.calls().slice(calls) };
    }

    /** The files the pipeline's jobs kept as artifacts whose name matches, by name. */
    function artifacts(pattern: RegExp): Record<string, string> {
      const root = join(checkout, ".gitlab-ci-local/artifacts");
      return Object.fromEntries(
        readdirSync(root).flatMap((job) => {
          const dir = join(root, job, programDir);
          return existsSync(dir)
            ? readdirSync(dir)
                .filter((name) => pattern.test(name))
                .map((name) => [name, readFileSync(join(dir, name), "utf8")])
            : [];
        }),
      );
    }

    it("a merge request previews the client it touches and posts ONE combined report as a note, edited on the next push", async () => {
      const mr = await pipeline("merge_request_event");
      expect(`${mr.code} ${mr.stdout}`).toMatch(/^0 /);
      expect(mr.stdout).toContain("PASS  mailbox-access:preview");
      expect(mr.stdout).not.toContain("mailbox-access:up");
      // plan's progress goes to stderr, which gitlab-ci-local passes on as its own.
      expect(mr.stderr).toContain("Previewing acme (1/1)…");
      expect(mr.stderr).not.toContain("Previewing legacy-gmbh");
      const notes = mr.calls.filter((c) => c.startsWith("curl ") && c.includes("/merge_requests/7/notes"));
      expect(notes).toEqual([
        expect.not.stringContaining("--request"),
        expect.stringContaining("--request POST"),
      ]);
      expect(notes.every((c) => c.includes("PRIVATE-TOKEN: glpat-test"))).toBe(true);
      const [note] = forge.comments();
      expect(forge.comments()).toHaveLength(1);
      expect(note?.body).toMatch(new RegExp(`^${MARKER}\n# Mailbox access plan\n`));
      expect(note?.body).toContain("## Mailbox access in organisation 100 (stack `acme`");
      expect(note?.body).toContain(
        "| legacy-gmbh | clients/legacy-gmbh/organisation.yaml | not previewed: no change touches it |",
      );
      expect(Object.keys(artifacts(/^report\.md$/))).toEqual(["report.md"]);

      const next = await pipeline("merge_request_event");
      expect(`${next.code} ${next.stdout}`).toMatch(/^0 /);
      expect(next.calls.filter((c) => c.includes("--request"))).toEqual([
        expect.stringMatching(/--request PUT .*\/merge_requests\/7\/notes\/500$/),
      ]);
      expect(forge.comments()).toHaveLength(1);
    });

    it("the default branch applies every client (no previous commit here), with what each apply did", async () => {
      const push = await pipeline("push");
      expect(`${push.code} ${push.stdout}`).toMatch(/^0 /);
      expect(push.stdout).toContain("PASS  mailbox-access:up");
      expect(push.stdout).toContain("Applying acme");
      expect(push.stdout).toContain("Applying legacy-gmbh");
      expect(push.stdout).not.toContain("mailbox-access:preview");
      const state = await sim.admin.state();
      expect(state.accountInvitations?.map((i) => i.email)).toContain("emma@acme.example");
      const applied = artifacts(/^applied-.*\.md$/);
      expect(Object.keys(applied).sort()).toEqual(["applied-acme.md", "applied-legacy-gmbh.md"]);
      expect(applied["applied-acme.md"]).toContain("| gains access | chloe@acme.example |");
    });

    it("the scheduled drift check takes every client and fails on the one changed in the Manager, with its report", async () => {
      await cutBrunosRightsOutOfBand(sim.url);
      const schedule = await pipeline("schedule");
      expect(schedule.code).not.toBe(0);
      expect(schedule.stdout).toContain("FAIL  mailbox-access:drift");
      expect(schedule.stdout).toMatch(/Drift, or a check that failed, in: acme \(/);
      const drift = artifacts(/^drift-.*\.md$/);
      expect(Object.keys(drift).sort()).toEqual(["drift-acme.md", "drift-legacy-gmbh.md"]);
      expect(drift["drift-acme.md"]).toContain("| drift | bruno@acme.example |");
      expect(drift["drift-legacy-gmbh.md"]).not.toContain("| drift |");
    });
  },
);
