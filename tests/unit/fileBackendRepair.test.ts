import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { repairCutCheckpoint } from "../../cli/recover/fileBackend";
import { makeTempDir } from "../support/tempDir";

/** What a kill during a checkpoint save leaves on a file:// backend (seen in the seeded interruption test). */
describe("a checkpoint the kill cut off", () => {
  const temp = makeTempDir("file-backend");
  afterAll(() => temp.remove());
  const now = new Date("2026-11-30T02:00:00.000Z");
  let n = 0;
  function backend(files: Record<string, string>) {
    const root = join(temp.path, String(++n));
    const dir = join(root, ".pulumi", "stacks", "clients");
    mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return { root, dir, project: "clients", stack: "dev" };
  }
  const checkpoint = (step: number) => JSON.stringify({ version: 3, checkpoint: { step } });
  const attrs = JSON.stringify({ md5: "x" });

  it("an empty attributes file is set aside; the checkpoint stays", () => {
    const b = backend({ "dev.json": checkpoint(2), "dev.json.attrs": "", "dev.json.bak": checkpoint(1) });
    expect(repairCutCheckpoint(b, now)).toEqual({ file: join(b.dir, "dev.json.attrs"), lostLastStep: false });
    expect(existsSync(join(b.dir, "dev.json.attrs"))).toBe(false);
    expect(readFileSync(join(b.dir, "dev.json"), "utf8")).toBe(checkpoint(2));
    expect(readdirSync(b.dir)).toContain("dev.json.attrs.cut-2026-11-30T02-00-00-000Z");
  });

  it("a cut checkpoint is replaced by the one before it, and says the last step is lost", () => {
    const b = backend({
      "dev.json": '{"version":3,"chec',
      "dev.json.attrs": attrs,
      "dev.json.bak": checkpoint(1),
    });
    expect(repairCutCheckpoint(b, now)).toEqual({ file: join(b.dir, "dev.json"), lostLastStep: true });
    expect(readFileSync(join(b.dir, "dev.json"), "utf8")).toBe(checkpoint(1));
    expect(readdirSync(b.dir)).toContain("dev.json.cut-2026-11-30T02-00-00-000Z");
  });

  it("a whole checkpoint, or one with no backup to put back, is left alone", () => {
    expect(
      repairCutCheckpoint(backend({ "dev.json": checkpoint(2), "dev.json.attrs": attrs }), now),
    ).toBeUndefined();
    const noBackup = backend({ "dev.json": "" });
    expect(repairCutCheckpoint(noBackup, now)).toBeUndefined();
    expect(readFileSync(join(noBackup.dir, "dev.json"), "utf8")).toBe("");
  });
});
