import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CliProject } from "../support/pulumiCli";
import {
  cliProject,
  describeWithLanguageHost,
  infomaniakMailbox,
  initStack,
  resourceSteps,
  stackArgs,
} from "../support/pulumiCli";
import type { TestSimulator } from "../support/simulator";
import { startTestSimulator, TOKENS } from "../support/simulator";
import { makeTempDir } from "../support/tempDir";
import { loadOrganisationSpec, resourceNames } from "pulumi-infomaniak-mailbox";

const ROOT = join(__dirname, "../..");

/** `infomaniak-mailbox report` on a `pulumi preview --json` digest, as CI runs it. */
async function reportOn(
  project: CliProject,
  json: string,
): Promise<{ facts: { kind: string; who: string }[] }> {
  const file = join(project.stateDir, "preview.json");
  writeFileSync(file, json);
  const report = await infomaniakMailbox([
    "report",
    "--preview",
    file,
    "--format",
    "json",
    "--today",
    "2026-11-29",
  ]);
  expect(report.stderr).toBe("");
  return JSON.parse(report.stdout) as { facts: { kind: string; who: string }[] };
}

/**
 * What a user does in a project folder with the regular CLI: preview (exactly the declared
 * resources), up, preview again (all same), and the report from `preview --json`.
 */
async function previewApplyPreview(project: CliProject, stack: string, declared: string[]) {
  const first = await project.previewSteps(stack);
  expect(resourceSteps(first.steps)).toEqual(declared.map((d) => `create ${d}`).sort());
  const up = await project.pulumi(["up", "--yes", "--skip-preview", ...stackArgs(project.stateDir, stack)]);
  expect(`${up.code}\n${up.stderr}`).toBe("0\n");
  const again = await project.previewSteps(stack);
  expect(resourceSteps(again.steps)).toEqual(declared.map((d) => `same ${d}`).sort());
  expect(first.json).not.toContain(TOKENS.full);
  return reportOn(project, first.json);
}

// Each test runs several CLI commands, each starting the Node.js runtime and the provider.
jest.setTimeout(300_000);

describeWithLanguageHost("projects run by the pulumi CLI in their folder, as users run them", () => {
  let sim: TestSimulator;
  beforeEach(async () => {
    sim = await startTestSimulator();
  });
  afterEach(() => sim.stop());

  it("the quick start at the repository's root: its 4 resources, applied, then no change", async () => {
    const project = cliProject(ROOT, { only: ["Pulumi.yaml", "examples/quickstart"] });
    try {
      await initStack(project, "quickstart", sim.url);
      const report = await previewApplyPreview(project, "quickstart", [
        "MailboxAccess support-bruno",
        "MailboxAccess support-chloe",
        "ExternalInvitation support-accountant",
        "OrganisationUser emma-dubois",
      ]);
      expect(report.facts.map((f) => `${f.kind} ${f.who}`).sort()).toEqual([
        "gains accountant@numbers.example",
        "gains bruno@acme.example",
        "gains chloe@acme.example",
      ]);
      const state = await sim.admin.state();
      const support = state.accesses?.filter((a) => a.mailboxName === "support").map((a) => a.userId);
      expect(support).toEqual(expect.arrayContaining([2, 3]));
      expect(state.mailboxInvitations?.map((i) => i.sentTo)).toContain("accountant@numbers.example");
      expect(state.accountInvitations?.map((i) => i.email)).toContain("emma@acme.example");
    } finally {
      project.remove();
    }
  });

  it("examples/organisations: both client stacks from one program, each its own spec", async () => {
    const project = cliProject(join(ROOT, "examples/organisations"));
    try {
      for (const stack of ["acme", "legacy-gmbh"]) {
        const specFile = `clients/${stack}/organisation.yaml`;
        await initStack(project, stack, sim.url, { "infomaniak-organisations:specFile": specFile });
      }
      const acme = await project.previewSteps("acme");
      expect(resourceSteps(acme.steps).filter((s) => s.includes("OrganisationUser"))).toHaveLength(5);
      for (const stack of ["acme", "legacy-gmbh"]) {
        const up = await project.pulumi(["up", "--yes", ...stackArgs(project.stateDir, stack)]);
        expect(`${stack} ${up.code}\n${up.stderr}`).toBe(`${stack} 0\n`);
        const again = await project.previewSteps(stack);
        expect(resourceSteps(again.steps).every((s) => s.startsWith("same "))).toBe(true);
      }
      const state = await sim.admin.state();
      expect(state.accountInvitations?.map((i) => i.email)).toContain("emma@acme.example");
    } finally {
      project.remove();
    }
  });

  it("a folder written by `infomaniak-mailbox export`: adopts everything, writes nothing, then no change", async () => {
    const temp = makeTempDir("exported");
    try {
      const folder = join(temp.path, "acme");
      const exported = await infomaniakMailbox(
        ["export", "--account", "100", "--mail-hosting", "10", "--name", "acme", "--out", folder],
        { ...process.env, INFOMANIAK_TOKEN: TOKENS.full, INFOMANIAK_HOST: sim.url },
      );
      expect(exported.code).toBe(0);
      const spec = loadOrganisationSpec(join(folder, "organisation.yaml"));
      const declared = [
        ...spec.members.map((m) => `OrganisationUser ${resourceNames.member("acme", m.email)}`),
        ...spec.mailboxes.flatMap((mailbox) => [
          ...mailbox.grants.map(
            (g) => `MailboxAccess ${resourceNames.grant("acme", mailbox.name, g.member)}`,
          ),
          ...mailbox.invitations.map(
            (i) => `ExternalInvitation ${resourceNames.invitation("acme", mailbox.name, i.email)}`,
          ),
        ]),
      ];
      expect(declared.length).toBeGreaterThan(3);
      const project = cliProject(folder);
      try {
        await initStack(project, "acme", sim.url);
        await sim.admin.resetRequests();
        const report = await previewApplyPreview(project, "acme", declared);
        expect(report.facts).toEqual([]);
        const { routes } = await sim.admin.requests();
        expect(routes.filter((r) => r.method !== "GET")).toEqual([]);
      } finally {
        project.remove();
      }
    } finally {
      temp.remove();
    }
  });
});
