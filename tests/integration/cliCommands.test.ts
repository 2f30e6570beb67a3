import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { ACCESS_COMMAND } from "../../cli/accessCommand";
import { DEMO_COMMAND } from "../../cli/demo";
import { OFFBOARD_COMMAND } from "../../cli/offboardCommand";
import { DOCTOR_COMMAND } from "../../cli/doctorCommand";
import { EXPORT_COMMAND } from "../../cli/exportCommand";
import type { CommandSpec } from "../../cli/options";
import { REPORT_COMMAND } from "../../cli/reportCommand";
import { SIMULATOR_COMMAND } from "../../cli/simulatorCommand";
import { packageInfo } from "../../provider/packageInfo";
import type { TestSimulator } from "../support/simulator";
import { startTestSimulator, TOKENS } from "../support/simulator";
import { makeTempDir } from "../support/tempDir";

const CLI = join(__dirname, "../../dist/cli/main.js");
const run = promisify(execFile);
const COMMANDS: CommandSpec[] = [
  DEMO_COMMAND,
  SIMULATOR_COMMAND,
  EXPORT_COMMAND,
  DOCTOR_COMMAND,
  ACCESS_COMMAND,
  OFFBOARD_COMMAND,
  REPORT_COMMAND,
];

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
    expect(result.stdout).toContain(
      "4 members, 1 mail hosting, 4 mailboxes, 1 grants, 0 invitations (all with adopt: true)",
    );
    expect(result.stderr).toContain("Mail hosting 10, mailbox 4/4: alice@acme.example");
    const spec = readFileSync(join(out, "organisation.yaml"), "utf8");
    expect(spec).toContain("member: alice@acme.example");
    expect(readFileSync(join(out, "index.ts"), "utf8")).toContain(
      'new Organisation({ spec: join(__dirname, "organisation.yaml") })',
    );
    expect(readFileSync(join(out, "Pulumi.yaml"), "utf8")).toContain("name: acme-mailboxes");
    // Its own package.json: Pulumi's runtime runs this folder's index.ts, not a package.json up the tree.
    expect(JSON.parse(readFileSync(join(out, "package.json"), "utf8"))).toMatchObject({ main: "index.ts" });
    expect(result.stdout + result.stderr + spec).not.toContain(TOKENS.full);
  });

  it("export never writes over reviewed work unless forced, refusing before any request; names the spec after the organisation", async () => {
    const out = join(temp.path, "twice");
    const env = { INFOMANIAK_TOKEN: TOKENS.full, INFOMANIAK_HOST: sim.url };
    const args = ["export", "--account", "100", "--mail-hosting", "10", "--out", out];
    expect((await cli(args, env)).code).toBe(0);
    // Without --name: the organisation's name (Acme SA) as a slug.
    expect(readFileSync(join(out, "organisation.yaml"), "utf8")).toContain("name: acme-sa");
    const reviewed = readFileSync(join(out, "organisation.yaml"), "utf8").replace(
      /reason: .*/g,
      "reason: Reviewed",
    );
    writeFileSync(join(out, "organisation.yaml"), reviewed);
    await sim.admin.resetRequests();
    const again = await cli(args, env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(
      `${out} already holds organisation.yaml, index.ts, Pulumi.yaml, package.json`,
    );
    expect(again.stderr).toContain("pass --force to replace them");
    expect((await sim.admin.requests()).total).toBe(0);
    expect(readFileSync(join(out, "organisation.yaml"), "utf8")).toBe(reviewed);
    expect((await cli([...args, "--force"], env)).code).toBe(0);
    expect(readFileSync(join(out, "organisation.yaml"), "utf8")).not.toContain("reason: Reviewed");
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

  it("answers --help on the program and on every command: each option on a line with what it does", async () => {
    const [program, short, ...commands] = await Promise.all([
      cli(["--help"]),
      cli(["-h"]),
      ...COMMANDS.map((command) => cli([command.name, "--help"])),
    ]);
    for (const answer of [program, short]) {
      expect(answer).toMatchObject({ code: 0, stderr: "" });
      for (const command of COMMANDS)
        expect(answer?.stdout).toMatch(new RegExp(`^  ${command.name} +\\S`, "m"));
    }
    commands.forEach((answer, i) => {
      const command = COMMANDS[i] as CommandSpec;
      expect(answer).toMatchObject({ code: 0, stderr: "" });
      expect(answer.stdout).toMatch(new RegExp(`^Usage: infomaniak-mailbox ${command.name} `));
      for (const [flag, option] of Object.entries({ ...command.options, help: { help: "print this help" } }))
        expect(
          answer.stdout.split("\n").find((line) => new RegExp(`^  (-\\w, )?--${flag} `).test(line)),
        ).toContain(option.help);
    });
    // A default is shown where the option is listed.
    expect(commands[1]?.stdout).toMatch(
      /--port N +the port to listen on; 0 picks a free one \(default: 8787\)/,
    );
  });

  it("prints the package's version, also after a command and whatever else is on the line", async () => {
    const answers = await Promise.all([cli(["--version"]), cli(["report", "--version", "--bogus"])]);
    for (const answer of answers)
      expect(answer).toEqual({ code: 0, stdout: `${packageInfo().version}\n`, stderr: "" });
  });

  it("refuses an unknown option or a bad number in one line, before any request", async () => {
    const env = { INFOMANIAK_TOKEN: TOKENS.full, INFOMANIAK_HOST: sim.url };
    const before = sim.counters.snapshot().total;
    const answers = await Promise.all([
      cli(["doctor", "--acount", "100"], env),
      cli(["export", "--account", "abc", "--mail-hosting", "10", "--out", temp.path], env),
      cli(["doctor", "--account", "100", "--format", "html"], env),
      cli(["export", "--account", "100", "--mail-hosting", "10"], env),
    ]);
    expect(answers.map(({ code, stderr }) => ({ code, stderr }))).toEqual([
      { code: 1, stderr: "doctor: unknown option --acount; see infomaniak-mailbox doctor --help\n" },
      { code: 1, stderr: 'export: --account must be a positive whole number, such as 100 (got "abc")\n' },
      { code: 1, stderr: 'doctor: --format must be markdown or json (got "html")\n' },
      { code: 1, stderr: "export: --out DIR is required: where the spec and its program are written\n" },
    ]);
    expect(sim.counters.snapshot().total).toBe(before);
  });

  it("simulator: says a port is taken, and where a seed is wrong", async () => {
    const seedFile = join(temp.path, "seed.json");
    const seed = JSON.parse(
      readFileSync(join(packageInfo().root, "simulator/fixtures/quickstart.json"), "utf8"),
    ) as {
      users: object[];
    };
    seed.users[2] = { ...seed.users[2], email: "chloe" };
    writeFileSync(seedFile, JSON.stringify(seed));
    const [taken, badSeed] = await Promise.all([
      cli(["simulator", "--port", new URL(sim.url).port]),
      cli(["simulator", "--seed", seedFile, "--port", "0"]),
    ]);
    expect(taken).toMatchObject({ code: 1, stdout: "" });
    expect(taken.stderr).toMatch(
      /^simulator: port \d+ on 127\.0\.0\.1 is taken: .*pass --port 0 for a free one\n$/,
    );
    expect(badSeed).toMatchObject({
      code: 1,
      stdout: "",
      stderr: `${seedFile}: users[2].email: must be an e-mail address\n`,
    });
  });
});
