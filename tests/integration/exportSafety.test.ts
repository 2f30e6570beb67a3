import {
  chownSync,
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { runAccess } from "../../cli/access/command";
import { runExport } from "../../cli/export/command";
import { runOffboard } from "../../cli/offboard/command";
import { UnsafeWriteError, writeOwnFile } from "../../cli/shared/safeWrite";
import type { TestSimulator } from "../support/simulator";
import { commandEnv, startTestSimulator } from "../support/simulator";
import { makeTempDir } from "../support/tempDir";

const io = { write: () => undefined, warn: () => undefined };
const EXPORT = ["--account", "100", "--mail-hosting", "10", "--name", "acme"];

/**
 * Every command that writes files writes only regular files inside the folder it was given: a link
 * planted there (to a missing file or to one elsewhere), or a hard link, is refused before any
 * request, `--force` or not, and nothing outside is touched.
 */
describe("commands that write files write only inside the folder they were given", () => {
  let sim: TestSimulator;
  const temp = makeTempDir("safe-write");
  let n = 0;
  const saved = { ...process.env };
  beforeAll(async () => {
    sim = await startTestSimulator();
    Object.assign(process.env, commandEnv(sim.url));
  });
  afterAll(async () => {
    process.env = saved;
    temp.remove();
    await sim.stop();
  });
  beforeEach(() => sim.admin.resetRequests());

  /** A fresh `--out` folder, and a folder beside it that stands for "elsewhere". */
  function folders(): { out: string; elsewhere: string } {
    n++;
    const out = join(temp.path, `out-${n}`);
    const elsewhere = join(temp.path, `elsewhere-${n}`);
    mkdirSync(out);
    mkdirSync(elsewhere);
    return { out, elsewhere };
  }

  async function refusedBeforeAnyRequest(run: Promise<number>, why: RegExp): Promise<void> {
    await expect(run).rejects.toThrow(why);
    expect((await sim.admin.requests()).total).toBe(0);
  }

  it.each([
    ["a missing file", false, false],
    ["a missing file", false, true],
    ["an existing file", true, false],
    ["an existing file", true, true],
  ])(
    "export: index.ts a symlink to %s elsewhere (exists: %s, --force: %s) is refused",
    async (_, exists, force) => {
      const { out, elsewhere } = folders();
      const target = join(elsewhere, "target.ts");
      if (exists) writeFileSync(target, "// someone else's file\n");
      symlinkSync(target, join(out, "index.ts"));
      const args = [...EXPORT, "--out", out, ...(force ? ["--force"] : [])];
      await refusedBeforeAnyRequest(runExport(args, io), /index\.ts is a symbolic link/);
      if (exists) expect(readFileSync(target, "utf8")).toBe("// someone else's file\n");
      else expect(existsSync(target)).toBe(false);
      expect(existsSync(join(out, "organisation.yaml"))).toBe(false);
    },
  );

  it("export --force: a hard link to a file elsewhere is refused", async () => {
    const { out, elsewhere } = folders();
    const target = join(elsewhere, "package.json");
    writeFileSync(target, "{}\n");
    linkSync(target, join(out, "package.json"));
    await refusedBeforeAnyRequest(runExport([...EXPORT, "--out", out, "--force"], io), /other hard links/);
    expect(readFileSync(target, "utf8")).toBe("{}\n");
  });

  // Only root can give a file away; elsewhere the case cannot be set up.
  (process.getuid?.() === 0 ? it : it.skip)("export --force: a file of another user is refused", async () => {
    const { out } = folders();
    writeFileSync(join(out, "Pulumi.yaml"), "name: theirs\n");
    chownSync(join(out, "Pulumi.yaml"), 4242, 4242);
    await refusedBeforeAnyRequest(runExport([...EXPORT, "--out", out, "--force"], io), /another user/);
    expect(readFileSync(join(out, "Pulumi.yaml"), "utf8")).toBe("name: theirs\n");
  });

  it("export --force still replaces its own regular files", async () => {
    const { out } = folders();
    expect(await runExport([...EXPORT, "--out", out], io)).toBe(0);
    writeFileSync(join(out, "index.ts"), "// edited\n");
    expect(await runExport([...EXPORT, "--out", out, "--force"], io)).toBe(0);
    expect(readFileSync(join(out, "index.ts"), "utf8")).toContain("new Organisation");
  });

  it.each(["organisation.yaml", "organisation.yaml.merging"])(
    "export --merge: %s a symlink to a spec elsewhere is refused",
    async (name) => {
      const { out, elsewhere } = folders();
      expect(await runExport([...EXPORT, "--out", out], io)).toBe(0);
      const spec = readFileSync(join(out, "organisation.yaml"), "utf8");
      const target = join(elsewhere, "spec.yaml");
      writeFileSync(target, spec);
      rmSync(join(out, name), { force: true });
      symlinkSync(target, join(out, name));
      await sim.admin.resetRequests();
      await refusedBeforeAnyRequest(
        runExport(["--account", "100", "--mail-hosting", "10", "--out", out, "--merge"], io),
        /is a symbolic link/,
      );
      expect(readFileSync(target, "utf8")).toBe(spec);
    },
  );

  it("offboard: a spec given as a symlink is refused, its target untouched", async () => {
    const { out, elsewhere } = folders();
    expect(await runExport([...EXPORT, "--out", out], io)).toBe(0);
    const target = join(elsewhere, "spec.yaml");
    const spec = readFileSync(join(out, "organisation.yaml"), "utf8");
    writeFileSync(target, spec);
    symlinkSync(target, join(out, "linked.yaml"));
    expect(() =>
      runOffboard(["--person", "alice@acme.example", "--spec", join(out, "linked.yaml")], io),
    ).toThrow(/is a symbolic link/);
    expect(readFileSync(target, "utf8")).toBe(spec);
  });

  it("offboard still edits a regular spec in place", async () => {
    const { out } = folders();
    expect(await runExport([...EXPORT, "--out", out], io)).toBe(0);
    const file = join(out, "organisation.yaml");
    expect(runOffboard(["--person", "alice@acme.example", "--spec", file], io)).toBe(0);
    expect(readFileSync(file, "utf8")).toMatch(/email: alice@acme.example[\s\S]*?state: removed/);
  });

  it("a link put in place after the checks is still not followed when writing", () => {
    const { out, elsewhere } = folders();
    const target = join(elsewhere, "late.ts");
    symlinkSync(target, join(out, "index.ts"));
    expect(() => writeOwnFile(join(out, "index.ts"), "// generated\n", true)).toThrow(/is a symbolic link/);
    expect(() => writeOwnFile(join(out, "index.ts"), "// generated\n", false)).toThrow(UnsafeWriteError);
    expect(existsSync(target)).toBe(false);
  });

  it("access --output: a symlink is refused before any request", async () => {
    const { out, elsewhere } = folders();
    const target = join(elsewhere, "report.md");
    symlinkSync(target, join(out, "report.md"));
    await refusedBeforeAnyRequest(
      runAccess(["--account", "100", "--output", join(out, "report.md")], io),
      /is a symbolic link/,
    );
    expect(existsSync(target)).toBe(false);
  });
});
