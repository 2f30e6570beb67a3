import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import type { TestSimulator } from "../support/simulator";
import { startTestSimulator, TOKENS } from "../support/simulator";
import { makeTempDir } from "../support/tempDir";

const CLI = join(__dirname, "../../dist/cli/main.js");
const run = promisify(execFile);

/** The command as a user runs it: its own process, the token in the environment. */
async function cli(args: string[], env: Record<string, string> = {}) {
  return run(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

describe("the infomaniak-mailbox command", () => {
  let sim: TestSimulator;
  const temp = makeTempDir("cli");
  beforeAll(async () => {
    sim = await startTestSimulator();
  });
  afterAll(async () => {
    temp.remove();
    await sim.stop();
  });

  it("export writes the spec, its program and project, with progress on stderr and no token anywhere", async () => {
    const out = join(temp.path, "acme");
    const result = await cli(
      ["export", "--account", "100", "--mail-hosting", "10", "--name", "acme", "--out", out],
      {
        INFOMANIAK_TOKEN: TOKENS.full,
        INFOMANIAK_HOST: sim.url,
      },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("4 members, 4 mailboxes, 1 grants, 0 invitations (all with adopt: true)");
    expect(result.stderr).toContain("Mailbox 4/4: alice@acme.example");
    const spec = readFileSync(join(out, "organisation.yaml"), "utf8");
    expect(spec).toContain("member: alice@acme.example");
    expect(readFileSync(join(out, "index.ts"), "utf8")).toContain(
      'new Organisation({ spec: join(__dirname, "organisation.yaml") })',
    );
    expect(readFileSync(join(out, "Pulumi.yaml"), "utf8")).toContain("name: acme-mailboxes");
    expect(result.stdout + result.stderr + spec).not.toContain(TOKENS.full);
  });

  it("export refuses to run without a token, and names the wrong mail hosting", async () => {
    const noToken = await cli(["export", "--account", "100", "--mail-hosting", "10", "--out", temp.path], {
      INFOMANIAK_TOKEN: "",
      INFOMANIAK_HOST: sim.url,
    });
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toContain("Set INFOMANIAK_TOKEN");
    const wrong = await cli(["export", "--account", "100", "--mail-hosting", "20", "--out", temp.path], {
      INFOMANIAK_TOKEN: TOKENS.full,
      INFOMANIAK_HOST: sim.url,
    });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain("mail hosting 20 is not in organisation 100: use one of 10");
  });

  it("report refuses what is not engine output, and says what it needs", async () => {
    const file = join(temp.path, "not-a-preview.json");
    writeFileSync(file, '{"resources": []}');
    const bad = await cli(["report", "--preview", file]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("is neither `pulumi preview --json` output nor engine events");
    const usage = await cli(["report"]);
    expect(usage.stderr).toContain("--preview FILE is required");
  });
});
