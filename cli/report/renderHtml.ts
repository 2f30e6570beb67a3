import type { CellMark, MatrixCell, MatrixSection } from "../shared/htmlMatrix";
import { renderHtmlMatrix } from "../shared/htmlMatrix";
import type { Effect } from "./effects";
import type { Fact, PermissionReport } from "./permissionReport";
import { FACT_KINDS } from "./permissionReport";
import { factRights } from "./renderMarkdown";
import { effectSentence } from "./effects";

const MARK: Partial<Record<Fact["kind"], CellMark>> = {
  gains: "added",
  loses: "removed",
  changes: "changed",
  drift: "changed",
};

function cellOf(f: Fact): MatrixCell {
  const text = factRights(f);
  const note = [f.kind === "unmanaged" ? "undeclared" : f.kind, f.note, ...(f.policy ?? [])]
    .filter(Boolean)
    .join("; ");
  const mark = MARK[f.kind];
  return { person: f.who, mailbox: f.mailbox, text, note, ...(mark ? { mark } : {}) };
}

const effectLine = (e: Effect) =>
  `${effectSentence(e)}${e.because ? ` Why: ${e.because.replace(/\.$/, "")}.` : ""}`;

/** The permission report as a page: per organisation, who gains, loses or changes what, cell by cell. */
export function renderReportHtml(report: PermissionReport): string {
  const byOrganisation = new Map<string, MatrixCell[]>();
  for (const f of report.facts) {
    const title = f.organisation !== undefined ? `Organisation ${f.organisation}` : "Organisation not known";
    byOrganisation.set(title, [...(byOrganisation.get(title) ?? []), cellOf(f)]);
  }
  const sections: MatrixSection[] = [...byOrganisation].map(([title, cells]) => ({ title, cells }));
  const counts = FACT_KINDS.map((k) => `${report.summary[k]} ${k}`).join(" · ");
  const stack = report.scope.stack ? ` (stack ${report.scope.stack})` : "";
  const partial = report.incomplete ? ` Incomplete: ${report.incomplete}.` : "";
  const blocked = report.blockedByPolicy
    ? " Blocked by policy: see the Markdown report's Policy findings."
    : "";
  return renderHtmlMatrix(
    `Mailbox access${stack}: what this change does`,
    `${counts}.${partial}${blocked}`,
    sections,
    [{ title: "What up does at Infomaniak", items: report.effects.map(effectLine) }],
  );
}
