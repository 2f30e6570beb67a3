import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeTempDir } from "../support/tempDir";

const root = join(__dirname, "../..");
const script = join(root, "tools/mutation/scores.mjs");

/** A mutant of Stryker's JSON report, at a line, with a status. */
const mutant = (line: number, status: string) => ({
  mutatorName: "EqualityOperator",
  replacement: "a <= b",
  status,
  location: { start: { line } },
});

/** Runs the script on a report of those files, in a document with markers; returns its outcome. */
function scores(files: Record<string, string[]>) {
  const dir = makeTempDir("mutation-scores");
  try {
    const report = {
      files: Object.fromEntries(
        Object.entries(files).map(([f, s]) => [f, { mutants: s.map((st, i) => mutant(i + 1, st)) }]),
      ),
    };
    writeFileSync(join(dir.path, "report.json"), JSON.stringify(report));
    writeFileSync(
      join(dir.path, "doc.md"),
      "before\n<!-- mutation:start -->\nold\n<!-- mutation:end -->\nafter\n",
    );
    const run = spawnSync(
      process.execPath,
      [script, join(dir.path, "report.json"), join(dir.path, "doc.md")],
      {
        encoding: "utf8",
      },
    );
    return {
      status: run.status,
      stdout: run.stdout,
      stderr: run.stderr,
      doc: readFileSync(join(dir.path, "doc.md"), "utf8"),
    };
  } finally {
    dir.remove();
  }
}

describe("the mutation scores (tools/mutation/scores.mjs)", () => {
  it("writes the table per module and overall between the markers, and passes at 90 % overall and 80 % per module", () => {
    const nine = Array<string>(8).fill("Killed").concat(["Timeout", "Survived"]);
    const all = Array<string>(30).fill("Killed").concat(["Ignored", "CompileError"]);
    const run = scores({ "b.ts": nine, "a.ts": all });
    const table = [
      "| module | score % | detected | survived | static (not run) |",
      "| ------ | ------: | -------: | -------: | ---------------: |",
      "| `a.ts` | 100.0 | 30 | 0 | 1 |",
      "| `b.ts` | 90.0 | 9 | 1 | 0 |",
      "| **overall** | 97.5 | 39 | 1 | 1 |",
    ];
    expect(run.doc).toBe(
      `before\n<!-- mutation:start -->\n\n${table.join("\n")}\n\n<!-- mutation:end -->\nafter\n`,
    );
    expect(run.stdout).toBe(`${table.join("\n")}\n\nsurvived: b.ts:10 EqualityOperator "a <= b"\n`);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });

  it("fails below 80 % in a module, even when the overall score passes", () => {
    const run = scores({
      "weak.ts": ["Killed", "Killed", "Killed", "NoCoverage"],
      "strong.ts": Array<string>(40).fill("Killed"),
    });
    expect(run.stderr).toBe("below the threshold: weak.ts: 75.0 % < 80 %\n");
    expect(run.status).toBe(1);
  });

  it("fails below 90 % overall, even when every module passes", () => {
    const run = scores({ "a.ts": [...Array<string>(8).fill("Killed"), "Survived", "Survived"] });
    expect(run.stderr).toBe("below the threshold: overall: 80.0 % < 90 %\n");
    expect(run.status).toBe(1);
  });

  it("finds its markers in docs/development.md", () => {
    const doc = readFileSync(join(root, "docs/development.md"), "utf8");
    expect(doc).toMatch(/<!-- mutation:start -->\n[^]*<!-- mutation:end -->/);
  });
});

describe("the mutation run's parts", () => {
  it("share no module, and a part must be named", () => {
    // ESM configs: read by a Node.js process of their own.
    const compare = `
      const part = await import(${JSON.stringify(join(root, "tools/mutation/stryker.part.config.mjs"))}).catch((e) => e);
      const { PARTS } = await import(${JSON.stringify(join(root, "tools/mutation/parts.mjs"))});
      process.stdout.write(JSON.stringify([Object.values(PARTS).flat(), String(part.message)]));`;
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", compare], { encoding: "utf8" });
    const [modules, refusal] = JSON.parse(run.stdout) as [string[], string];
    expect(modules.length).toBeGreaterThan(20);
    expect(new Set(modules).size).toBe(modules.length);
    expect(refusal).toBe("MUTATION_PART must be one of report, rules, policy, fields");
  });
});
