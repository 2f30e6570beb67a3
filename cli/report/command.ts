import { existsSync, readFileSync } from "node:fs";
import { writeNamedFile } from "../shared/safeWrite";
import { z } from "zod";
import { utcToday } from "../../provider/fields/review";
import { buildPermissionReport } from "./permissionReport";
import { IncompletePreviewError, PreviewInputError, readPreviewOutput } from "../shared/previewSteps";
import { renderMarkdown } from "./renderMarkdown";
import { renderReportHtml } from "./renderHtml";
import type { CommandSpec } from "../shared/options";
import { choice, parseOptions } from "../shared/options";

/** Exit code when a CI gate trips (the report itself was written). */
export const GATE_EXIT_CODE = 3;

export const REPORT_COMMAND = {
  name: "report",
  summary: "Turn a preview into a permission report: per mailbox, who gains, loses or changes rights.",
  details: [
    "Each grant comes with its reason and owner; grants due for review are listed. A gate that trips",
    `exits ${GATE_EXIT_CODE}. The output of a run that failed or stops before its end is refused (exit 1)`,
    "unless --allow-incomplete, which marks the report as partial.",
  ].join("\n"),
  options: {
    preview: {
      type: "string",
      value: "FILE",
      required: true,
      help: "`pulumi preview --json` output or an engine event log; - reads standard input",
    },
    format: {
      type: "string",
      ...choice(["markdown", "json", "html"]),
      default: "markdown",
      help: "the report's format (html: a person × mailbox matrix, one self-contained page)",
    },
    output: {
      type: "string",
      value: "FILE",
      defaultText: "standard output",
      help: "write the report to FILE",
    },
    today: {
      type: "string",
      value: "YYYY-MM-DD",
      defaultText: "the current date",
      schema: z.iso.date({ error: "must be a date as YYYY-MM-DD, such as 2026-01-31" }),
      help: "the date reviews fall due against",
    },
    "fail-on-removal": { type: "boolean", help: `exit ${GATE_EXIT_CODE} when someone loses access` },
    "fail-on-drift": {
      type: "boolean",
      help: `exit ${GATE_EXIT_CODE} on access changed outside the stack, or undeclared and not acknowledged`,
    },
    "allow-incomplete": {
      type: "boolean",
      help: "report on a failed or truncated run; the report says it is partial",
    },
  },
} as const satisfies CommandSpec;

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
  const values = parseOptions(REPORT_COMMAND, args);
  const today = values.today ?? utcToday();

  if (values.preview !== "-" && !existsSync(values.preview))
    throw new PreviewInputError(`report: --preview ${values.preview}: no such file`);
  const text = values.preview === "-" ? io.readStdin() : readFileSync(values.preview, "utf8");
  const run = readPreviewOutput(text, values.preview);
  // A report of part of a run could leave out whoever gains or loses access: refused unless asked for.
  if (run.incomplete && !values["allow-incomplete"])
    throw new IncompletePreviewError(
      `${values.preview}: ${run.incomplete}. No report is made from it: fix the run and report on its output, or pass --allow-incomplete for a report marked as partial`,
    );
  const report = {
    ...buildPermissionReport(run.steps, today, run.policy),
    ...(run.incomplete ? { incomplete: run.incomplete } : {}),
  };
  const render = {
    json: () => `${JSON.stringify(report, null, 2)}\n`,
    html: () => renderReportHtml(report),
    markdown: () => renderMarkdown(report),
  };
  const rendered = render[values.format]();
  if (values.output) writeNamedFile(values.output, rendered);
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
