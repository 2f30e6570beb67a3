import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { YAMLMap, YAMLSeq } from "yaml";
import { parseDocument } from "yaml";
import { runExport } from "../../cli/export/command";
import { LEFT_OUT_EXIT_CODE } from "../../cli/export/leftOut";
import { parseOrganisationSpec } from "../../sdk/organisationSpec/load";
import { hostingEntries } from "../../sdk/organisationSpec/schema";
import { NON_ASCII_RECIPIENT, seedWithUnrepresentable } from "../support/hostileSeed";
import type { TestSimulator } from "../support/simulator";
import { commandEnv, startTestSimulator } from "../support/simulator";
import { makeTempDir } from "../support/tempDir";

/**
 * An entry the spec cannot represent (a mailbox named with markup and line breaks, a link sent to a
 * non-ASCII address) does not block the export: it is left out, said in a comment and on stderr,
 * and the command exits LEFT_OUT_EXIT_CODE; the rest is exported.
 */
describe("export with entries the spec cannot represent", () => {
  let sim: TestSimulator;
  const temp = makeTempDir("left-out");
  const saved = { ...process.env };
  beforeAll(async () => {
    sim = await startTestSimulator({ seed: seedWithUnrepresentable() });
    Object.assign(process.env, commandEnv(sim.url));
  });
  afterAll(async () => {
    process.env = saved;
    temp.remove();
    await sim.stop();
  });

  async function exportInto(out: string, extra: string[] = []) {
    // --merge keeps the spec's own name: no --name with it.
    const name = extra.includes("--merge") ? [] : ["--name", "acme"];
    const warned: string[] = [];
    const written: string[] = [];
    const code = await runExport(["--account", "100", ...name, "--out", out, ...extra], {
      write: (t) => written.push(t),
      warn: (t) => warned.push(t),
    });
    return { code, stderr: warned.join(""), stdout: written.join("") };
  }

  it("exports everything else, with a comment and a stderr line for each left-out entry", async () => {
    const out = join(temp.path, "acme");
    const run = await exportInto(out);
    expect(run.code).toBe(LEFT_OUT_EXIT_CODE);
    const text = readFileSync(join(out, "organisation.yaml"), "utf8");
    const spec = parseOrganisationSpec(text, "organisation.yaml");
    const mailboxes = hostingEntries(spec).flatMap((h) => h.mailboxes);
    expect(mailboxes.map((m) => m.name).sort()).toEqual(["alice", "invoices", "sales", "support"]);
    expect(spec.members).toHaveLength(4);
    expect(run.stdout).toContain("3 left out");

    // Each left-out entry: one comment line, saying where it came from and why.
    const comments = text.split("\n").filter((line) => line.startsWith("# - "));
    const about = (what: string) => comments.filter((c) => c.includes(what));
    expect(comments).toHaveLength(3);
    expect(about("mail hosting 10, mailbox x</td> # injected: true  \\x1b[2J")).toEqual([
      expect.stringContaining("mailbox must be a mailbox name") as unknown,
    ]);
    expect(about("mail hosting 10, mailbox ..@acme.example: ")).toHaveLength(1);
    expect(about(`mailbox support@acme.example, the invitation of ${NON_ASCII_RECIPIENT}`)).toEqual([
      expect.stringContaining("plain ASCII") as unknown,
    ]);
    // The sharing of a mailbox left out is not even read.
    const { routes } = await sim.admin.requests();
    expect(routes.filter((r) => r.route.endsWith("/accesses/webmail")).map((r) => r.count)).toEqual([4]);
    // The hostile name cannot break out of its comment: no line of the file starts with its text.
    expect(text).not.toMatch(/^# injected/m);
    for (const raw of ["\r", "\u2028", "\u001b"]) expect(text).not.toContain(raw);
    expect(spec).not.toHaveProperty("injected");

    const lines = run.stderr.split("\n").filter((l) => l.startsWith("Left out"));
    expect(lines).toHaveLength(3);
    for (const raw of ["\r", "\u2028", "\u001b"]) expect(run.stderr).not.toContain(raw);
    expect(run.stderr).not.toMatch(/^# injected/m);
  });

  it("--merge says the same and exits the same code", async () => {
    const out = join(temp.path, "merged");
    expect((await exportInto(out)).code).toBe(LEFT_OUT_EXIT_CODE);
    const merge = await exportInto(out, ["--merge"]);
    expect(merge.code).toBe(LEFT_OUT_EXIT_CODE);
    expect(merge.stderr.split("\n").filter((l) => l.startsWith("Left out"))).toHaveLength(3);
    expect(merge.stdout).toContain("already matches the organisation");
  });

  it("--merge that would edit the spec writes nothing while entries were left out (it could remove them)", async () => {
    const out = join(temp.path, "edited");
    expect((await exportInto(out)).code).toBe(LEFT_OUT_EXIT_CODE);
    const file = join(out, "organisation.yaml");
    // A reviewer's edit the merge would undo: the spec then differs from the organisation.
    // Alice's grant taken out by hand: the merge would add it back from the organisation.
    const doc = parseDocument(readFileSync(file, "utf8"));
    const mailboxes = doc.get("mailboxes") as YAMLSeq<YAMLMap>;
    for (const mailbox of mailboxes.items) mailbox.set("grants", doc.createNode([]));
    const edited = doc.toString();
    writeFileSync(file, edited);
    const merge = await exportInto(out, ["--merge"]);
    expect(merge.code).toBe(LEFT_OUT_EXIT_CODE);
    expect(merge.stderr).toContain("Nothing written to");
    expect(readFileSync(file, "utf8")).toBe(edited);
  });
});
