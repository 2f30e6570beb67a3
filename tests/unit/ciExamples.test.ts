import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { parseOptions } from "../../cli/shared/options";
import { REPORT_COMMAND } from "../../cli/report/command";

const CI = join(__dirname, "../../examples/ci");

/** Every `infomaniak-mailbox report …` command in a CI file, as its arguments (shell variables kept as words). */
function reportCommands(file: string): string[][] {
  const text = readFileSync(join(CI, file), "utf8");
  return [...text.matchAll(/infomaniak-mailbox report ([^|\n]+)/g)].map((m) =>
    (m[1] ?? "")
      .trim()
      .split(/\s+/)
      .map((word) => word.replace(/^"|"$/g, "")),
  );
}

describe("the CI examples stay true to the CLI", () => {
  it.each(["github-actions.yml", "gitlab-ci.yml"])("%s is YAML and its report commands parse", (file) => {
    expect(() => parse(readFileSync(join(CI, file), "utf8")) as unknown).not.toThrow();
    const commands = reportCommands(file);
    expect(commands.length).toBeGreaterThanOrEqual(2);
    for (const args of commands) {
      expect(parseOptions(REPORT_COMMAND, args).preview).toBeTruthy();
    }
    // One gate for pull requests, one for the scheduled drift check.
    expect(commands.some((a) => a.includes("--fail-on-drift"))).toBe(true);
  });
});

const Workflow = z.object({
  permissions: z.record(z.string(), z.string()),
  jobs: z.record(
    z.string(),
    z.looseObject({
      if: z.string(),
      environment: z.string(),
      permissions: z.record(z.string(), z.enum(["read", "write", "none"])),
      env: z.record(z.string(), z.string()),
      steps: z.array(z.looseObject({ uses: z.string().optional() })),
    }),
  ),
});

const GitlabJob = z.looseObject({
  rules: z.array(z.object({ if: z.string() })),
  variables: z.record(z.string(), z.string()),
  environment: z.object({ name: z.string() }).optional(),
});

/** Whoever can change a pull request can use its preview token: the examples keep the apply token away. */
describe("the CI examples are secure by default", () => {
  it("GitHub: separate jobs, environments and tokens; least permissions; actions pinned by commit SHA", () => {
    const workflow = Workflow.parse(parse(readFileSync(join(CI, "github-actions.yml"), "utf8")));
    expect(workflow.permissions).toEqual({});
    const { preview, apply, drift } = workflow.jobs;
    if (!preview || !apply || !drift) throw new Error("preview, apply and drift jobs are expected");
    expect(preview.if).toContain("pull_request");
    expect(apply.if).toContain("refs/heads/main");
    expect(apply.environment).toBe("mailbox-apply");
    expect(preview.environment).not.toBe(apply.environment);
    expect(drift.environment).not.toBe(apply.environment);
    expect(apply.env["INFOMANIAK_TOKEN"]).toBe("${{ secrets.INFOMANIAK_APPLY_TOKEN }}");
    for (const job of [preview, drift])
      expect(job.env["INFOMANIAK_TOKEN"]).toBe("${{ secrets.INFOMANIAK_PREVIEW_TOKEN }}");
    // Only the preview may write, and only its pull request's comments.
    expect(apply.permissions).toEqual({ contents: "read" });
    expect(drift.permissions).toEqual({ contents: "read" });
    expect(preview.permissions).toEqual({ contents: "read", "pull-requests": "write" });
    const uses = Object.values(workflow.jobs).flatMap((job) =>
      job.steps.flatMap((s) => (s.uses ? [s.uses] : [])),
    );
    expect(uses.length).toBeGreaterThan(0);
    for (const action of uses) expect(action).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
  });

  it("GitLab: the apply token only in the protected environment's job, on the default branch", () => {
    const pipeline = parse(readFileSync(join(CI, "gitlab-ci.yml"), "utf8")) as Record<string, unknown>;
    const job = (name: string) => GitlabJob.parse(pipeline[name]);
    const up = job("mailbox-access:up");
    expect(up.variables["INFOMANIAK_TOKEN"]).toBe("$INFOMANIAK_APPLY_TOKEN");
    expect(up.environment?.name).toBe("mailbox-apply");
    expect(up.rules.map((r) => r.if)).toEqual([expect.stringContaining("$CI_DEFAULT_BRANCH")]);
    for (const name of ["mailbox-access:preview", "mailbox-access:drift"]) {
      expect(job(name).variables["INFOMANIAK_TOKEN"]).toBe("$INFOMANIAK_PREVIEW_TOKEN");
      expect(job(name).environment).toBeUndefined();
    }
  });
});

/** actionlint (with shellcheck for the `run:` scripts when it is installed), where CI installed it. */
const actionlint = (() => {
  try {
    execFileSync("actionlint", ["-version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

/** The GitHub workflows: the users' example, and the maintainers' release. */
const WORKFLOWS = [join(CI, "github-actions.yml"), join(__dirname, "../../tools/release/release.yml")];

(actionlint ? it : it.skip)(
  `actionlint finds nothing in the GitHub workflows${actionlint ? "" : " (skipped: no actionlint on PATH; .ci/run installs it from the Go module proxy)"}`,
  () => {
    // Throws with actionlint's findings on stdout when there are any.
    execFileSync("actionlint", WORKFLOWS, { encoding: "utf8" });
  },
);

const Release = z.object({
  on: z.object({ workflow_dispatch: z.object({ inputs: z.object({ version: z.looseObject({}) }) }) }),
  permissions: z.object({}).strict(),
  jobs: z.object({
    release: z.looseObject({
      if: z.string(),
      environment: z.string(),
      permissions: z.record(z.string(), z.string()),
      steps: z.array(z.looseObject({ uses: z.string().optional(), run: z.string().optional() })),
    }),
  }),
});

describe("the release workflow does what the release procedure says, in its order", () => {
  const { release } = Release.parse(parse(readFileSync(WORKFLOWS[1] ?? "", "utf8"))).jobs;
  const runs = release.steps.map((s) => s.run ?? s.uses ?? "").join("\n");

  it("bumps, tests, packs from a clean clone, tests that tarball, publishes it with provenance, then pushes the tag", () => {
    const order = [
      'npm version "$VERSION"',
      "npm test",
      "git clone --quiet --no-local .",
      "npm pack",
      'PACKAGING_TARBALL="$TARBALL" npx jest tests/e2e/packaging.test.ts',
      'npm publish "$TARBALL" --provenance',
      "git push --follow-tags",
    ].map((command) => runs.indexOf(command));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it("runs from main only, with no permission beyond its job's, actions pinned by commit SHA", () => {
    expect(release.if).toBe("github.ref == 'refs/heads/main'");
    expect(release.permissions).toEqual({ contents: "write", "id-token": "write" });
    const uses = release.steps.flatMap((s) => (s.uses ? [s.uses] : []));
    expect(uses.length).toBe(3);
    for (const action of uses) expect(action).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
  });
});
