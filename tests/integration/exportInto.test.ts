import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runExport } from "../../cli/export/command";
import { clientsOf } from "../../cli/plan/clients";
import type { TestSimulator } from "../support/simulator";
import { commandEnv, startTestSimulator } from "../support/simulator";
import { makeTempDir } from "../support/tempDir";

const ROOT = join(__dirname, "../..");
const EXAMPLE = join(ROOT, "examples/organisations");

/**
 * `export --into`: a client of a program folder (its spec under clients/<name>/ and the stack file
 * naming it), beside one shared program written by the first export: the layout `plan` reads.
 */
describe("export into a program folder of clients", () => {
  let sim: TestSimulator;
  const temp = makeTempDir("export-into");
  const saved = { ...process.env };
  const cwd = process.cwd();
  beforeAll(async () => {
    sim = await startTestSimulator();
    Object.assign(process.env, commandEnv(sim.url));
  });
  afterAll(async () => {
    process.chdir(cwd);
    process.env = saved;
    temp.remove();
    await sim.stop();
  });

  async function exportWith(args: string[]) {
    const warned: string[] = [];
    const written: string[] = [];
    const code = await runExport(args, { write: (t) => written.push(t), warn: (t) => warned.push(t) }).catch(
      (error: Error) => {
        warned.push(error.message);
        return 1;
      },
    );
    return { code, stderr: warned.join(""), stdout: written.join("") };
  }
  const read = (dir: string, file: string) => readFileSync(join(dir, file), "utf8");

  it("writes the shared program into an empty folder, then one client per export: the clients plan finds", async () => {
    const dir = join(temp.path, "msp");
    const first = await exportWith(["--account", "100", "--name", "acme", "--into", dir]);
    expect(first).toMatchObject({ code: 0 });
    expect(first.stdout).toContain(
      "Wrote index.ts, Pulumi.yaml, package.json, .gitignore, Pulumi.acme.yaml in ",
    );
    expect(first.stdout).toContain(`Wrote ${join(dir, "clients/acme/organisation.yaml")}: 4 members`);
    expect(first.stdout).toContain(
      `Client acme: Pulumi.acme.yaml names clients/acme/organisation.yaml. Create its stack before its first preview: cd ${dir} && pulumi stack init acme\n`,
    );
    // The shared program is the example's, file for file (package.json: its name aside).
    for (const file of ["index.ts", "Pulumi.yaml"]) expect(read(dir, file)).toBe(read(EXAMPLE, file));
    const manifest = (d: string) => ({ ...JSON.parse(read(d, "package.json")), name: "" }) as unknown;
    expect(manifest(dir)).toEqual(manifest(EXAMPLE));
    expect(read(dir, "Pulumi.acme.yaml")).toBe(read(EXAMPLE, "Pulumi.acme.yaml"));

    // The second client: only its own files; the default when the current folder holds the program.
    process.chdir(dir);
    const second = await exportWith(["--account", "200"]);
    process.chdir(cwd);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("Wrote Pulumi.legacy-gmbh.yaml in ");
    expect(second.stdout).not.toContain("index.ts");
    expect(read(dir, "clients/legacy-gmbh/organisation.yaml")).toContain("name: legacy-gmbh");
    // --out naming the shared program's folder is a client too, never a project over the program.
    const viaOut = await exportWith(["--account", "100", "--name", "acme-ops", "--out", dir]);
    expect(viaOut.code).toBe(0);
    expect(viaOut.stderr).toContain("holds the shared program of clients: exporting as one of its clients");
    expect(clientsOf(dir).map((c) => [c.stack, c.specFile])).toEqual([
      ["acme", "clients/acme/organisation.yaml"],
      ["acme-ops", "clients/acme-ops/organisation.yaml"],
      ["legacy-gmbh", "clients/legacy-gmbh/organisation.yaml"],
    ]);
  });

  it("re-exports only with --force, merges into the client's spec, and keeps a stack file's settings", async () => {
    const dir = join(temp.path, "again");
    expect((await exportWith(["--account", "100", "--name", "acme", "--into", dir])).code).toBe(0);
    const spec = join(dir, "clients/acme/organisation.yaml");
    const reviewed = read(dir, "clients/acme/organisation.yaml").replace(/reason: .*/g, "reason: Reviewed");
    writeFileSync(spec, reviewed);
    await sim.admin.resetRequests();
    const again = await exportWith(["--account", "100", "--name", "acme", "--into", dir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("already holds client acme's spec");
    expect(again.stderr).toContain("Update it with --merge, or pass --force");
    expect((await sim.admin.requests()).total).toBe(0);

    // A new access at Infomaniak: the merge adds it to that client's spec, reviews kept.
    await sim.admin.replaceState({
      ...(await sim.admin.state()),
      accesses: [
        ...(await sim.admin.state()).accesses,
        {
          id: 900,
          mailHostingId: 10,
          mailboxName: "invoices",
          userId: 2,
          createdAt: 1_700_000_000,
          permissions: { can_manage_filters: true },
        },
      ],
    });
    const merged = await exportWith(["--account", "100", "--into", dir, "--merge"]);
    expect(merged.code).toBe(0);
    expect(merged.stdout).toContain(`Merged into ${spec}: 1 added`);
    expect(read(dir, "clients/acme/organisation.yaml")).toContain("reason: Reviewed");
    expect(read(dir, "clients/acme/organisation.yaml")).toContain("member: bruno@acme.example");

    // A stack made first (`pulumi stack init`, `config set`): the key is added, its settings stay.
    writeFileSync(join(dir, "Pulumi.legacy.yaml"), "config:\n  infomaniak:apiUrl: http://127.0.0.1:1\n");
    expect((await exportWith(["--account", "200", "--name", "legacy", "--into", dir])).code).toBe(0);
    expect(read(dir, "Pulumi.legacy.yaml")).toBe(
      "config:\n  infomaniak:apiUrl: http://127.0.0.1:1\n  infomaniak-organisations:specFile: clients/legacy/organisation.yaml\n",
    );
    // Two clients of organisation 100 now? One: the merge finds it by its account; --name picks one.
    expect((await exportWith(["--account", "100", "--name", "acme-2", "--into", dir])).code).toBe(0);
    const ambiguous = await exportWith(["--account", "100", "--into", dir, "--merge"]);
    expect(ambiguous.stderr).toContain(
      "the clients acme, acme-2 are all organisation 100: pass --name CLIENT to say which to merge into",
    );
    expect((await exportWith(["--account", "100", "--name", "acme-2", "--into", dir, "--merge"])).code).toBe(
      0,
    );
  });

  it("refuses, before any request, a folder that is no program of clients, and a stack file of another client", async () => {
    await sim.admin.resetRequests();
    const project = join(temp.path, "project");
    expect((await exportWith(["--account", "100", "--name", "acme", "--out", project])).code).toBe(0);
    await sim.admin.resetRequests();
    const intoProject = await exportWith(["--account", "100", "--name", "acme", "--into", project]);
    expect(intoProject.stderr).toContain(
      "is the project of one organisation (organisation.yaml beside Pulumi.yaml",
    );
    const stray = join(temp.path, "stray");
    mkdirSync(stray);
    writeFileSync(join(stray, "index.ts"), "// someone's program\n");
    const strayed = await exportWith(["--account", "100", "--name", "acme", "--into", stray]);
    expect(strayed.stderr).toContain("holds index.ts but no Pulumi.yaml");
    const other = join(temp.path, "other");
    expect((await exportWith(["--account", "100", "--name", "acme", "--into", other])).code).toBe(0);
    writeFileSync(
      join(other, "Pulumi.beta.yaml"),
      "config:\n  infomaniak-organisations:specFile: clients/acme/organisation.yaml\n",
    );
    await sim.admin.resetRequests();
    const taken = await exportWith(["--account", "100", "--name", "beta", "--into", other]);
    expect(taken.stderr).toContain('Pulumi.beta.yaml already names "clients/acme/organisation.yaml"');
    const both = await exportWith(["--account", "100", "--into", other, "--out", other]);
    expect(both.stderr).toContain("--into and --out are two layouts");
    process.chdir(stray);
    const neither = await exportWith(["--account", "100"]);
    process.chdir(cwd);
    expect(neither.stderr).toContain("export: --into DIR or --out DIR is required");
    expect((await sim.admin.requests()).total).toBe(0);
  });
});
