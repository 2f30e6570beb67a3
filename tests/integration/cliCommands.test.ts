import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { ACCESS_COMMAND } from "../../cli/access/command";
import { DEMO_COMMAND } from "../../cli/demo/command";
import { OFFBOARD_COMMAND } from "../../cli/offboard/command";
import { PLAN_COMMAND } from "../../cli/plan/command";
import { RECOVER_COMMAND } from "../../cli/recover/command";
import { DOCTOR_COMMAND } from "../../cli/doctor/command";
import { EXPORT_COMMAND } from "../../cli/export/command";
import type { CommandSpec } from "../../cli/shared/options";
import { REPORT_COMMAND } from "../../cli/report/command";
import { SIMULATOR_COMMAND } from "../../cli/simulator/command";
import { InfomaniakClient } from "../../provider/api/client";
import { packageInfo } from "../../provider/packageInfo";
import { expandPermissions } from "../../provider/permissions";
import type { TestSimulator } from "../support/simulator";
import { startTestSimulator, testSettings, TOKENS } from "../support/simulator";
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
  RECOVER_COMMAND,
  REPORT_COMMAND,
  PLAN_COMMAND,
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
    // A name that is no slug is refused before the first request, naming the rule.
    await sim.admin.resetRequests();
    const badName = await cli(
      ["export", "--account", "100", "--name", "Muster AG", "--out", join(out, "x")],
      env,
    );
    expect(badName.code).not.toBe(0);
    expect(badName.stderr).toContain("must be a slug");
    expect((await sim.admin.requests()).total).toBe(0);
  });

  it("export refuses to run without a token, names the wrong mail hosting and the variable of a refused token", async () => {
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
    // A stale token in the environment: the fix is that variable, not stack config or a refresh.
    const stale = await cli(["export", "--account", "100", "--out", join(temp.path, "stale")], {
      INFOMANIAK_TOKEN: "stale-token",
      INFOMANIAK_HOST: sim.url,
    });
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain(
      "(the token in the environment variable INFOMANIAK_TOKEN was refused: set INFOMANIAK_TOKEN to a current API token)",
    );
  });

  it("an organisation the token does not see is answered with those it sees, by export and doctor", async () => {
    const env = { INFOMANIAK_TOKEN: TOKENS.full, INFOMANIAK_HOST: sim.url };
    const seen = "organisation 300 is not one the token sees: use 100 (Acme SA), 200 (Legacy GmbH)";
    const exported = await cli(["export", "--account", "300", "--out", join(temp.path, "x300")], env);
    expect(exported.code).toBe(1);
    expect(exported.stderr).toContain(seen);
    expect(exported.stderr).not.toContain("Account not found");
    const doctor = await cli(["doctor", "--account", "300"], env);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toContain(seen);
  });

  it("recover outside a program folder says so in one line with the fix, as plan does", async () => {
    const outside = await cli(["recover", "--cwd", temp.path]);
    expect(outside.code).toBe(1);
    expect(outside.stderr).toBe(
      `recover: --cwd ${temp.path} has no Pulumi.yaml: run it in the Pulumi program's folder, or give that folder with --cwd DIR\n`,
    );
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
      {
        code: 1,
        stderr:
          "export: --into DIR or --out DIR is required: --into for a program folder with a stack per client (what plan reads), --out for a project of this organisation alone\n",
      },
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

describe("infomaniak-mailbox export --merge", () => {
  let sim: TestSimulator;
  const temp = makeTempDir("cli-merge");
  const env = () => ({ INFOMANIAK_TOKEN: TOKENS.full, INFOMANIAK_HOST: sim.url });
  beforeAll(async () => {
    // A simulator of its own: these tests change the organisation.
    sim = await startTestSimulator();
  });
  afterAll(async () => {
    temp.remove();
    await sim.stop();
  });

  /** The organisation changes after the export: Infomaniak's API for rights, the admin routes for the rest. */
  async function changeTheOrganisation(): Promise<void> {
    const client = new InfomaniakClient(testSettings(sim.url));
    try {
      const sales = { mailHostingId: 10, mailboxName: "sales" };
      await client.mailboxAccesses.update(sales, 1, expandPermissions("webmail", "manager", {}));
      const bruno = { userId: 2, email: "bruno@acme.example", firstName: "Bruno", lastName: "Keller" };
      const delegate = expandPermissions("webmail", "delegate", {});
      await client.mailboxAccesses.grant(
        { mailHostingId: 10, mailboxName: "support" },
        bruno,
        delegate,
        "en",
      );
    } finally {
      await client.close();
    }
    // David left (only the Manager can do that), and the invoices mailbox was deleted.
    const state = await sim.admin.state();
    await sim.admin.replaceState({
      ...state,
      memberships: state.memberships.filter((m) => !(m.accountId === 100 && m.userId === 4)),
      mailboxes: state.mailboxes.filter((m) => !(m.mailHostingId === 10 && m.name === "invoices")),
    });
  }

  it("updates a reviewed spec over HTTP: reviewed fields, modes and comments stay, one line per change", async () => {
    const out = join(temp.path, "acme");
    const args = ["export", "--account", "100", "--mail-hosting", "10", "--out", out];
    expect((await cli([...args, "--name", "acme"], env())).code).toBe(0);
    const file = join(out, "organisation.yaml");
    const exported = readFileSync(file, "utf8");
    const reviewed = `# Reviewed by IT security (SEC-12).\n${exported
      .replace(/reason: .*/g, "reason: Reviewed by IT")
      .replace(/owner: unassigned/g, "owner: it-security")
      .replace(
        "- name: sales\n    mode: additive",
        "- name: sales # the sales team's queue\n    mode: report-only",
      )}`;
    expect(reviewed).toContain("mode: report-only");
    writeFileSync(file, reviewed);
    const program = `${readFileSync(join(out, "index.ts"), "utf8")}// the team's own line\n`;
    writeFileSync(join(out, "index.ts"), program);
    await changeTheOrganisation();

    const merged = await cli([...args, "--merge"], env());
    expect(merged.stderr).toContain("Mail hosting 10, mailbox 3/3: alice@acme.example");
    expect(merged).toMatchObject({ code: 0 });
    expect(merged.stdout).toBe(
      [
        "removed: member david@acme.example (no longer in the organisation)",
        "added: grant bruno@acme.example on support (delegate)",
        "changed: rights of alice@acme.example on sales: can_manage_filters, can_manage_signatures → manager",
        "removed: mailbox invoices (no longer at Infomaniak)",
        `Merged into ${file}: 1 added (adopt: true, reasons and owners to replace), 2 removed, 1 changed. Review the diff before up.`,
        "",
      ].join("\n"),
    );
    const text = readFileSync(file, "utf8");
    expect(text).toContain("# Reviewed by IT security (SEC-12).");
    expect(text).toContain("- name: sales # the sales team's queue\n    mode: report-only");
    expect(text).toMatch(
      /- member: alice@acme.example\n\s+preset: manager\n\s+adopt: true\n\s+reason: Reviewed by IT\n\s+owner: it-security/,
    );
    expect(text).toMatch(
      /- member: bruno@acme.example\n\s+preset: delegate\n\s+adopt: true\n\s+reason: "Exported on/,
    );
    expect(text).not.toContain("david@acme.example");
    expect(text).not.toContain("invoices");
    // Only the spec is written: the program is the team's by now.
    expect(readFileSync(join(out, "index.ts"), "utf8")).toBe(program);

    const again = await cli([...args, "--merge"], env());
    expect(again).toMatchObject({
      code: 0,
      stdout: `${file} already matches the organisation: left as it is.\n`,
    });
    expect(readFileSync(file, "utf8")).toBe(text);
  });

  it("refuses, before any request, a merge without a spec, with --force or --name, or of a spec it cannot use", async () => {
    const spec = (dir: string, text: string) => {
      mkdirSync(join(temp.path, dir), { recursive: true });
      writeFileSync(join(temp.path, dir, "organisation.yaml"), text);
      return join(temp.path, dir);
    };
    const valid = spec("valid", "organisation:\n  name: acme\n  accountId: 100\n  mailHostingId: 10\n");
    const invalid = spec("invalid", "organisation:\n  name: acme\n  accountId: 100\n");
    const other = spec("other", "organisation:\n  name: legacy\n  accountId: 200\n  mailHostingId: 20\n");
    const empty = join(temp.path, "empty");
    await sim.admin.resetRequests();
    const merge = (out: string, ...more: string[]) =>
      cli(["export", "--account", "100", "--merge", "--out", out, ...more], env());
    const answers = await Promise.all([
      merge(empty),
      merge(valid, "--force"),
      merge(valid, "--name", "acme-two"),
      merge(invalid),
      merge(other),
    ]);
    expect(answers.map((a) => a.code)).toEqual([1, 1, 1, 1, 1]);
    const [missing, forced, renamed, broken, another] = answers.map((a) => a.stderr);
    expect(missing).toBe(
      `export: ${join(empty, "organisation.yaml")} does not exist: --merge updates an export already there. Run export without --merge to write one\n`,
    );
    expect(forced).toContain("--merge keeps the reviewed spec in --out and --force replaces it");
    expect(renamed).toContain("renaming it would replace every resource of the stack. Drop --name");
    expect(broken).toContain(`${join(invalid, "organisation.yaml")}:2 organisation.mailHostingId`);
    expect(another).toContain("declares organisation 200, not 100: merge it with --account 200");
    expect((await sim.admin.requests()).total).toBe(0);
    expect(readFileSync(join(invalid, "organisation.yaml"), "utf8")).toBe(
      "organisation:\n  name: acme\n  accountId: 100\n",
    );
  });
});
