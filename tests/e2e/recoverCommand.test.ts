import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { offlineEngineEnv } from "../../sdk/automation/localStack";
import type { CliProject } from "../support/pulumiCli";
import { cliProject, describeWithLanguageHost, initStack, run } from "../support/pulumiCli";
import { git, initRepository } from "../support/gitRepo";
import { killEngineAfter } from "../support/killEngine";
import type { TestSimulator } from "../support/simulator";
import { startTestSimulator } from "../support/simulator";

const ROOT = join(__dirname, "../..");
const INVITATIONS = "/1/mail_hostings/{service_mail}/mailboxes/{mailbox_name}/accesses/webmail/invitations";
const SEND = `${INVITATIONS}/{invitation_webmail}/send`;
const GUEST = "accountant@numbers.example";

jest.setTimeout(300_000);

/**
 * The README's recovery as a user runs it: `pulumi up` in the quick start's folder, killed between
 * creating the accountant's link and e-mailing it; `infomaniak-mailbox recover` there; `pulumi up`.
 */
describeWithLanguageHost("recover, in a project folder with the pulumi CLI", () => {
  let sim: TestSimulator;
  let project: CliProject;
  beforeAll(async () => {
    sim = await startTestSimulator();
    project = cliProject(ROOT, { only: ["Pulumi.yaml", "examples/quickstart"] });
    // The stack's config in the project, where `recover` (and a user's checkout) has it.
    await initStack(project, "dev", sim.url, {}, { configInProject: true });
    // A user's checkout: the stack file committed with the program.
    initRepository(project.dir);
  });
  afterAll(async () => {
    project.remove();
    await sim.stop();
  });

  const recover = (...args: string[]) =>
    run("node", [join(ROOT, "dist/cli/main.js"), "recover", ...args], {
      cwd: project.dir,
      env: { ...process.env, ...offlineEngineEnv(project.stateDir) },
    });

  it("after an up killed between the guest's link and its e-mail: one command, then up converges with the program unchanged", async () => {
    const kill = killEngineAfter(sim, INVITATIONS, 1);
    const killed = await project.pulumi(["up", "--yes", "--parallel", "1", "--stack", "dev"]);
    expect(killed.code).not.toBe(0);
    expect(kill.killed.length).toBeGreaterThanOrEqual(2);
    const left = (await sim.admin.state()).mailboxInvitations.filter((i) => i.status === "pending");
    expect(left.map((l) => l.sentTo)).toEqual([""]);

    const recovered = await recover();
    expect(recovered.stderr).toBe("");
    expect(recovered.code).toBe(0);
    expect(recovered.stdout).toContain("Removed the lock of the interrupted run on dev");
    expect(recovered.stdout).toContain("  - support-accountant");
    // The refresh is said with what it changed in the state (here: nothing beyond the pending create).
    expect(recovered.stdout).toContain(
      "Pending creates cleared and every resource re-read (refresh): the state already matched Infomaniak.",
    );
    const marker = join(project.dir, ".infomaniak-mailbox/recovery.dev.json");
    expect(recovered.stdout).toContain(`Next: pulumi up --stack dev, then rm ${marker} (else ignored after`);
    // Nothing to commit: the committed Pulumi.dev.yaml is as it was, the marker ignored by git.
    expect(existsSync(marker)).toBe(true);
    expect(git(project.dir, "status", "--porcelain", "--untracked-files=all")).toBe("");

    const up = await project.pulumi(["up", "--yes", "--stack", "dev"]);
    expect(up.code).toBe(0);
    const links = (await sim.admin.state()).mailboxInvitations.filter((i) => i.status === "pending");
    // The link the kill left, now e-mailed to the accountant: one link, one e-mail.
    expect(links.map((l) => `${l.key} ${l.sentTo}`)).toEqual([`${left[0]?.key ?? "?"} ${GUEST}`]);
    const { routes } = await sim.admin.requests();
    expect(routes.find((r) => r.method === "POST" && r.route === SEND)?.statuses["200"]).toBe(1);
    rmSync(marker);
    const again = await project.pulumi(["preview", "--expect-no-changes", "--stack", "dev"]);
    expect(again.code).toBe(0);
  });

  it("a stack the program does not have is said in one line with the stacks it has, no engine dump", async () => {
    const wrong = await recover("--stack", "prod");
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toBe(
      `recover: --stack prod: the program in ${project.dir} has no such stack on this backend; the stacks are dev\n`,
    );
  });

  it("a second recover, of the stack named, finds nothing to do and touches nothing", async () => {
    const before = await project.pulumi(["stack", "export", "--stack", "dev"]);
    // Gone in the Manager meanwhile: a refresh would drop it from the state; recover does not refresh.
    await sim.admin.replaceState({ ...(await sim.admin.state()), mailboxInvitations: [] });
    const nothing = await recover("--stack", "dev");
    expect(nothing.code).toBe(0);
    expect(nothing.stdout).toBe(
      "dev: nothing to recover: no lock, no interrupted operation, no cut state file. Nothing was changed.\n",
    );
    const after = await project.pulumi(["stack", "export", "--stack", "dev"]);
    expect(after.stdout).toBe(before.stdout);
  });
});
