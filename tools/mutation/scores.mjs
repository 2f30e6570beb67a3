// @ts-check
/**
 * Reads Stryker's JSON report, prints the mutation score per module and overall, writes the table into
 * docs/development.md between its markers, and exits 1 when a score is under its threshold.
 *
 * node tools/mutation/scores.mjs [report.json ...] [doc.md]
 *
 * Several reports (runs of parts of the modules, `stryker run --mutate`) are read as one.
 */
import { readFileSync, writeFileSync } from "node:fs";
import process from "node:process";

/** The gates (docs/development.md, "Mutation testing"). */
const OVERALL_MIN = 90;
const MODULE_MIN = 80;
const START = "<!-- mutation:start -->";
const END = "<!-- mutation:end -->";

/**
 * @typedef {{ mutatorName: string, status: string, replacement?: string, location: { start: { line: number } } }} Mutant
 * @typedef {{ files: Record<string, { mutants: Mutant[] }> }} Report
 * @typedef {{ killed: number, survived: number, ignored: number }} Counts
 */

/** Killed and timed out count as detected; survived and not covered as not; the rest (invalid, ignored) in neither. */
const DETECTED = new Set(["Killed", "Timeout"]);
const UNDETECTED = new Set(["Survived", "NoCoverage"]);

/** @param {Mutant[]} mutants @returns {Counts} */
function countOf(mutants) {
  const count = (/** @type {Set<string>} */ set) => mutants.filter((m) => set.has(m.status)).length;
  return { killed: count(DETECTED), survived: count(UNDETECTED), ignored: count(new Set(["Ignored"])) };
}

/** A score in percent, to one decimal; a module with nothing to detect scores 100. @param {Counts} c */
function scoreOf(c) {
  const valid = c.killed + c.survived;
  return valid === 0 ? 100 : Math.floor((1000 * c.killed) / valid) / 10;
}

/** @param {string} name @param {Counts} c */
function row(name, c) {
  return `| ${name} | ${scoreOf(c).toFixed(1)} | ${c.killed} | ${c.survived} | ${c.ignored} |`;
}

/** @param {Report} report */
function table(report) {
  const names = Object.keys(report.files).sort();
  const all = countOf(names.flatMap((n) => report.files[n]?.mutants ?? []));
  return [
    "| module | score % | detected | survived | static (not run) |",
    "| ------ | ------: | -------: | -------: | ---------------: |",
    ...names.map((n) => row(`\`${n}\``, countOf(report.files[n]?.mutants ?? []))),
    row("**overall**", all),
  ];
}

/** The thresholds a report misses, one line each. @param {Report} report */
function failures(report) {
  const lines = Object.entries(report.files)
    .map(([name, file]) => ({ name, score: scoreOf(countOf(file.mutants)) }))
    .filter((m) => m.score < MODULE_MIN)
    .map((m) => `${m.name}: ${m.score.toFixed(1)} % < ${MODULE_MIN} %`);
  const overall = scoreOf(countOf(Object.values(report.files).flatMap((f) => f.mutants)));
  if (overall < OVERALL_MIN) lines.push(`overall: ${overall.toFixed(1)} % < ${OVERALL_MIN} %`);
  return lines;
}

/** The mutants no test detected, `file:line mutator`. @param {Report} report */
function survivors(report) {
  return Object.entries(report.files).flatMap(([name, file]) =>
    file.mutants
      .filter((m) => UNDETECTED.has(m.status))
      .map((m) => `${name}:${m.location.start.line} ${m.mutatorName} ${JSON.stringify(m.replacement ?? "")}`),
  );
}

/** The document with the table between its markers; refuses a document without them. @param {string} doc @param {string[]} lines */
function withTable(doc, lines) {
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) throw new Error(`the document has no ${START} … ${END} markers`);
  return `${doc.slice(0, start + START.length)}\n\n${lines.join("\n")}\n\n${doc.slice(end)}`;
}

const args = process.argv.slice(2);
const reportPaths = args.filter((a) => a.endsWith(".json"));
const docPath = args.find((a) => a.endsWith(".md")) ?? "docs/development.md";
/** @type {Report} */
const report = { files: {} };
for (const path of reportPaths.length > 0 ? reportPaths : ["reports/mutation/mutation.json"])
  Object.assign(report.files, /** @type {Report} */ (JSON.parse(readFileSync(path, "utf8"))).files);
const lines = table(report);
writeFileSync(docPath, withTable(readFileSync(docPath, "utf8"), lines));
process.stdout.write(`${[...lines, "", ...survivors(report).map((s) => `survived: ${s}`)].join("\n")}\n`);
const missed = failures(report);
for (const line of missed) process.stderr.write(`below the threshold: ${line}\n`);
process.exitCode = missed.length > 0 ? 1 : 0;
