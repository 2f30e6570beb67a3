import { execFile } from "node:child_process";
import { cpSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { makeTempDir } from "../support/tempDir";

const ROOT = join(__dirname, "../..");
const CLI = join(ROOT, "dist/cli/main.js");
const run = promisify(execFile);
const ACME = "clients/acme/organisation.yaml";
const LEGACY = "clients/legacy-gmbh/organisation.yaml";

/**
 * `offboard` as a user runs it in a program folder with one stack per client (a copy of
 * examples/organisations): no engine, no API; only the spec files change.
 */
describe("offboard over a program folder's clients", () => {
  const temp = makeTempDir("offboard-cli");
  afterAll(() => temp.remove());

  let n = 0;
  /** A fresh copy of the example program folder. */
  const program = () => {
    const dir = join(temp.path, `program-${n++}`);
    cpSync(join(ROOT, "examples/organisations"), dir, { recursive: true });
    return dir;
  };
  const offboard = (cwd: string, ...args: string[]) =>
    run(process.execPath, [CLI, "offboard", ...args], { cwd }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
  const plan = "infomaniak-mailbox plan --stack acme --stack legacy-gmbh";

  it("takes several files after one --spec, as a shell expands clients/*/organisation.yaml", async () => {
    const dir = program();
    const result = await offboard(dir, "--person", "alice@acme.example", "--spec", ACME, LEGACY);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toContain(`${ACME}:\n  - sales: alice@acme.example's grant is revoked\n`);
    expect(result.stdout).toContain(`${LEGACY}:\n`);
    expect(result.stdout).toContain(
      `Clients that change: acme, legacy-gmbh. Preview exactly those:\n  ${plan}\n`,
    );
    for (const file of [ACME, LEGACY])
      expect(readFileSync(join(dir, file), "utf8")).toMatch(/email: alice@acme\.example.*state: removed/);
    // A spec of no client here: changed, and said to be previewed where its program is.
    const outside = join(temp.path, `outside-${n}.yaml`);
    cpSync(join(ROOT, "examples/organisations", ACME), outside);
    const other = await offboard(dir, "--person", "bruno@acme.example", "--spec", outside);
    expect(other.stdout).toContain(
      `Specs that change, named by no Pulumi.<stack>.yaml of this folder: ${outside}\n  preview them in their program folder: infomaniak-mailbox plan --program DIR\n`,
    );
  });

  it("without --spec, offboards every client of the folder; again, says already removed and not a member here", async () => {
    const dir = program();
    const first = await offboard(join(dir, "clients"), "--person", "emma@acme.example", "--program", "..");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`../${LEGACY} (unchanged):\n  - emma@acme.example is not a member here\n`);
    expect(first.stdout).toContain(
      "Clients that change: acme. Preview exactly those:\n  infomaniak-mailbox plan --program .. --stack acme\n",
    );
    const again = await offboard(dir, "--person", "emma@acme.example");
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(
      [
        `${ACME} (unchanged):`,
        "  - emma@acme.example is already removed here",
        `${LEGACY} (unchanged):`,
        "  - emma@acme.example is not a member here",
        "No spec changes: nothing to preview.",
        "",
      ].join("\n"),
    );
  });

  it("a person in no spec exits 1, writes nothing and names the closest address", async () => {
    const dir = program();
    const before = [ACME, LEGACY].map((f) => readFileSync(join(dir, f), "utf8"));
    const typo = await offboard(dir, "--person", "alice@acme.exmple");
    expect(typo.code).toBe(1);
    expect(typo.stdout).toBe("");
    expect(typo.stderr).toBe(
      "offboard: --person alice@acme.exmple is not a member of any of the 2 specs (nothing was written): did you mean alice@acme.example?\n",
    );
    expect([ACME, LEGACY].map((f) => readFileSync(join(dir, f), "utf8"))).toEqual(before);
    const nobody = await offboard(dir, "--person", "zz@nowhere.example", "--spec", ACME);
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toBe(
      `offboard: --person zz@nowhere.example is not a member of ${ACME} (nothing was written)\n`,
    );
    const missing = await offboard(
      dir,
      "--person",
      "alice@acme.example",
      "--spec",
      ACME,
      "clients/nope.yaml",
    );
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("clients/nope.yaml: cannot be read (ENOENT");
    expect([ACME, LEGACY].map((f) => readFileSync(join(dir, f), "utf8"))).toEqual(before);
  });
});
