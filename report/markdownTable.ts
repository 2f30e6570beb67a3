/** A table cell: one line, no column breaks, backticks kept out of code spans. */
function cell(text: string): string {
  return text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|") || "—";
}

function row(cells: string[]): string {
  return `| ${cells.map(cell).join(" | ")} |`;
}

/** A Markdown table (the report's and `access`'s), with a blank line after it. */
export function markdownTable(header: string[], rows: string[][]): string[] {
  return [row(header), row(header.map(() => "---")), ...rows.map(row), ""];
}
