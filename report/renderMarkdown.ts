import type { Fact, PermissionReport } from "./permissionReport";
import { FACT_KINDS } from "./permissionReport";

/** A table cell: one line, no column breaks, backticks kept out of code spans. */
function cell(text: string): string {
  return text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|") || "—";
}

function row(cells: string[]): string {
  return `| ${cells.map(cell).join(" | ")} |`;
}

function rights(fact: Fact): string {
  if (fact.kind === "changes" || (fact.kind === "drift" && fact.added.length + fact.removed.length > 0)) {
    return [...fact.added.map((p) => `+ ${p}`), ...fact.removed.map((p) => `− ${p}`)].join(", ");
  }
  return fact.permissions.length > 0 ? fact.permissions.join(", ") : "read and send only";
}

/** The report as a pull-request comment: per mailbox, who gains, loses or changes rights, and why. */
export function renderMarkdown(report: PermissionReport): string {
  const lines: string[] = [
    ...(report.incomplete
      ? [
          `**Incomplete: built from part of a run (${report.incomplete}). People it does not list may still gain or lose access.**`,
          "",
        ]
      : []),
    "## Mailbox access: what this change does",
    "",
  ];
  const counts = FACT_KINDS.map((k) => `${report.summary[k]} ${k}`).join(" · ");
  const adopted = report.adoptedUnchanged
    ? ` (${report.adoptedUnchanged} adopted as they are: no change for anyone)`
    : "";
  lines.push(`**${counts}**${adopted}`, "");
  if (report.facts.length === 0) lines.push("No one gains, loses or changes access to a mailbox.", "");

  const mailboxes = [...new Set(report.facts.map((f) => f.mailbox))];
  for (const mailbox of mailboxes) {
    lines.push(`### ${mailbox}`, "");
    lines.push(row(["Change", "Who", "Rights", "Reason", "Owner", "Review after", "Note"]));
    lines.push(row(["---", "---", "---", "---", "---", "---", "---"]));
    for (const f of report.facts.filter((x) => x.mailbox === mailbox)) {
      lines.push(
        row([
          f.kind,
          f.who,
          rights(f),
          f.review?.reason ?? "",
          f.review?.owner ?? "",
          f.review?.reviewAfter ?? "",
          f.note,
        ]),
      );
    }
    lines.push("");
  }

  if (report.flags.length > 0) {
    lines.push("### Due for review", "");
    lines.push(row(["Mailbox", "Who", "Flag", "Reason", "Owner", "Review after", "Expires"]));
    lines.push(row(["---", "---", "---", "---", "---", "---", "---"]));
    for (const f of report.flags) {
      lines.push(
        row([
          f.mailbox,
          f.who,
          f.flags.join(", "),
          f.review.reason,
          f.review.owner,
          f.review.reviewAfter,
          f.review.expiresAt ?? "",
        ]),
      );
    }
    lines.push("");
  }
  return lines.join("\n");
}
