import { execFile } from "node:child_process";
import { cpSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { Organisation } from "pulumi-infomaniak-mailbox";
import type { EngineStack } from "../support/engineStack";
import { simulatorStack } from "../support/engineStack";
import { infomaniakMailbox } from "../support/pulumiCli";
import type { TestSimulator } from "../support/simulator";
import { commandEnv, startTestSimulator } from "../support/simulator";
import { makeTempDir } from "../support/tempDir";

const ROOT = join(__dirname, "../..");
const CLI = join(ROOT, "dist/cli/main.js");
const run = promisify(execFile);
const ALICE = 1;

jest.setTimeout(300_000);

describe("offboard: one person, two client organisations, through the engine", () => {
  let sim: TestSimulator;
  const temp = makeTempDir("offboard");
  const stacks: EngineStack[] = [];
  afterAll(async () => {
    for (const engine of stacks) engine.remove();
    temp.remove();
    await sim.stop();
  });

  it("sets state: removed in both specs (comments kept), says what the preview shows, and afterwards the person holds no access in either", async () => {
    sim = await startTestSimulator();
    const files = ["acme", "legacy-gmbh"].map((client) => {
      const file = join(temp.path, `${client}.yaml`);
      cpSync(join(ROOT, "examples/organisations/clients", client, "organisation.yaml"), file);
      return file;
    });
    for (const [i, file] of files.entries()) {
      const engine = await simulatorStack(sim, `offboard-${i}`, () => {
        new Organisation({ spec: file });
      });
      stacks.push(engine);
      await engine.stack.up({ color: "never" });
    }
    const held = async () => (await sim.admin.state()).accesses?.filter((a) => a.userId === ALICE) ?? [];
    expect((await held()).map((a) => a.mailboxName)).toEqual(["sales"]);

    const before = files.map((f) => readFileSync(f, "utf8"));
    const { stdout } = await run(process.execPath, [
      CLI,
      "offboard",
      "--person",
      "alice@acme.example",
      ...files.flatMap((f) => ["--spec", f]),
    ]);
    expect(stdout).toContain(`${files[0] ?? ""}:\n  - sales: alice@acme.example's grant is revoked\n`);
    expect(stdout).toContain("stays a member of organisation 200 until removed in the Manager");
    for (const [i, file] of files.entries()) {
      const after = readFileSync(file, "utf8");
      // Every comment and line as it was, but alice's entry, which gains its state.
      const changed = after.split("\n").filter((line, j) => line !== before[i]?.split("\n")[j]);
      expect(changed).toEqual([expect.stringMatching(/email: alice@acme\.example.*state: removed/)]);
    }

    for (const engine of stacks) {
      const preview = await engine.stack.preview({ color: "never" });
      expect(preview.changeSummary["delete"]).toBeGreaterThanOrEqual(1);
      await engine.stack.up({ color: "never" });
    }
    expect(await held()).toEqual([]);
    const access = await infomaniakMailbox(["access", "--person", "alice@acme.example"], commandEnv(sim.url));
    expect(access.code).toBe(0);
    expect(access.stdout).toContain("alice@acme.example can open no mailbox in what was read.");
    expect(access.stdout).toContain("Read: 2 organisation(s) (Acme SA (100), Legacy GmbH (200))");
    expect(
      (await sim.admin.state()).mailboxInvitations?.filter(
        (i) => i.sentTo === "alice@acme.example" && i.status === "pending",
      ),
    ).toEqual([]);
  });
});
