/**
 * A person × mailbox matrix as one self-contained HTML page (inline style, no script, nothing fetched):
 * a section per organisation, the rights in each cell, and cells marked added, removed or changed.
 */

export const CELL_MARKS = ["added", "removed", "changed"] as const;
export type CellMark = (typeof CELL_MARKS)[number];

export interface MatrixCell {
  person: string;
  mailbox: string;
  /** What the person holds there (rights, or what they had for a removal). */
  text: string;
  /** `As` in words: member, guest, team, pending link, undeclared… */
  note?: string;
  mark?: CellMark;
}

export interface MatrixSection {
  title: string;
  cells: MatrixCell[];
}

const MARK_SIGN: Record<CellMark, string> = { added: "+", removed: "−", changed: "~" };

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #1d1d1f; }
h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 28px; }
table { border-collapse: collapse; }
th, td { border: 1px solid #c8c8cc; padding: 4px 8px; vertical-align: top; }
thead th { background: #f2f2f5; }
tbody th { text-align: left; background: #fafafa; font-weight: 600; }
td.none { color: #9a9aa0; text-align: center; }
[data-mark="added"] { background: #ddf4df; }
[data-mark="removed"] { background: #fbe0e0; text-decoration: line-through; }
[data-mark="changed"] { background: #fff2cc; }
.sign { font-weight: 700; margin-right: 4px; }
.note { display: block; color: #6e6e73; font-size: 12px; }
.legend span { margin-right: 16px; padding: 2px 6px; }
`;

function sectionTable(section: MatrixSection): string {
  const people = [...new Set(section.cells.map((c) => c.person))].sort((a, b) => a.localeCompare(b));
  const mailboxes = [...new Set(section.cells.map((c) => c.mailbox))].sort((a, b) => a.localeCompare(b));
  const at = new Map(section.cells.map((c) => [`${c.person}\u0000${c.mailbox}`, c]));
  const head = `<tr><th>Person</th>${mailboxes.map((m) => `<th scope="col">${escape(m)}</th>`).join("")}</tr>`;
  const rows = people.map((person) => {
    const cells = mailboxes.map((mailbox) => {
      const cell = at.get(`${person}\u0000${mailbox}`);
      const where = `data-person="${escape(person)}" data-mailbox="${escape(mailbox)}"`;
      if (!cell) return `<td class="none" ${where}>—</td>`;
      const sign = cell.mark ? `<span class="sign">${MARK_SIGN[cell.mark]}</span>` : "";
      const note = cell.note ? `<span class="note">${escape(cell.note)}</span>` : "";
      return `<td ${where}${cell.mark ? ` data-mark="${cell.mark}"` : ""}>${sign}${escape(cell.text)}${note}</td>`;
    });
    return `<tr><th scope="row">${escape(person)}</th>${cells.join("")}</tr>`;
  });
  return `<h2>${escape(section.title)}</h2>\n<table><thead>${head}</thead><tbody>\n${rows.join("\n")}\n</tbody></table>`;
}

/** A titled list of sentences (the report's effects), every one escaped. */
export interface TextList {
  title: string;
  items: readonly string[];
}

function listOf(list: TextList): string {
  if (list.items.length === 0) return "";
  const items = list.items.map((item) => `<li>${escape(item)}</li>`).join("\n");
  return `<h2>${escape(list.title)}</h2>\n<ul>\n${items}\n</ul>`;
}

/**
 * The page: a title, a line saying what it covers, a legend when cells are marked, a matrix per
 * section, then the lists.
 */
export function renderHtmlMatrix(
  title: string,
  summary: string,
  sections: readonly MatrixSection[],
  lists: readonly TextList[] = [],
): string {
  const marked = sections.some((s) => s.cells.some((c) => c.mark));
  const legend = marked
    ? `<p class="legend">${CELL_MARKS.map((m) => `<span data-mark="${m}">${MARK_SIGN[m]} ${m}</span>`).join("")}</p>`
    : "";
  const body = sections.length === 0 ? "<p>Nothing to show.</p>" : sections.map(sectionTable).join("\n");
  return [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escape(title)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    `<h1>${escape(title)}</h1>`,
    `<p>${escape(summary)}</p>`,
    legend,
    body,
    ...lists.map(listOf).filter(Boolean),
    "</body></html>",
    "",
  ].join("\n");
}
