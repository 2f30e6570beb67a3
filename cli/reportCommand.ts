import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { buildPermissionReport } from "../report/permissionReport";
import { IncompletePreviewError, readPreviewOutput } from "../report/previewSteps";
import { renderMarkdown } from "../report/renderMarkdown";

/** Exit code when a CI gate trips (the report itself was written). */
export const GATE_EXIT_CODE = 3;

export const REPORT_OPTIONS = {
  preview: { type: "string" },
  format: { type: "string", default: "markdown" },
  output: { type: "string" },
  today: { type: "string" },
  "fail-on-removal": { type: "boolean", default: false },
  "fail-on-drift": { type: "boolean", default: false },
  "allow-incomplete": { type: "boolean", default: false },
} as const;

export interface CommandIo {
  write: (text: string) => void;
  warn: (text: string) => void;
  readStdin: () => string;
}

/**
 * `report --preview FILE`: the engine's preview output (`pulumi preview --json`, or an event log) as
 * a permission report in Markdown or JSON. With a gate option, exits GATE_EXIT_CODE when it trips.
 */
export function runReport(args: string[], io: CommandIo): number {
  const { values } = parseArgs({ args, options: REPORT_OPTIONS });
  if (!values.preview) throw new Error("--preview FILE is required (- reads standard input)");
  if (values.format !== "markdown" && values.format !== "json")
    throw new Error(`--format is markdown or json (got "${values.format}")`);
  const today = values.today ?? new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Error(`--today is YYYY-MM-DD (got "${today}")`);

  const text = values.preview === "-" ? io.readStdin() : readFileSync(values.preview, "utf8");
  const run = readPreviewOutput(text, values.preview);
  // A report of part of a run could leave out whoever gains or loses access: refused unless asked for.
  if (run.incomplete && !values["allow-incomplete"])
    throw new IncompletePreviewError(
      `${values.preview}: ${run.incomplete}. No report is made from it: fix the run and report on its output, or pass --allow-incomplete for a report marked as partial`,
    );
  const report = {
    ...buildPermissionReport(run.steps, today),
    ...(run.incomplete ? { incomplete: run.incomplete } : {}),
  };
  const rendered = values.format === "json" ? `${JSON.stringify(report, null, 2)}\n` : renderMarkdown(report);
  if (values.output) writeFileSync(values.output, rendered);
  else io.write(rendered);

  const tripped = [
    ...(values["fail-on-removal"] && report.removesAccess
      ? [`${report.summary.loses} loss(es) of access`]
      : []),
    ...(values["fail-on-drift"] && report.driftFound
      ? [
          `drift (${report.summary.drift} changed outside the stack, ${report.unacknowledged} undeclared and not acknowledged)`,
        ]
      : []),
  ];
  if (tripped.length === 0) return 0;
  io.warn(`Permission gate: ${tripped.join(" and ")}; see the report.\n`);
  return GATE_EXIT_CODE;
}
