import { markdownText } from "./escape/markdown";

/** A cell's content: text (escaped, as every name is), or Markdown the renderer wrote itself. */
export type TableCell = string | { markdown: string };

function cell(content: TableCell): string {
  const markdown = typeof content === "string" ? markdownText(content) : content.markdown;
  return markdown || "—";
}

function row(cells: readonly TableCell[]): string {
  return `| ${cells.map(cell).join(" | ")} |`;
}

/** A Markdown table (the report's, `access`'s, `plan`'s and `doctor`'s), with a blank line after it. */
export function markdownTable(header: readonly string[], rows: readonly (readonly TableCell[])[]): string[] {
  return [row(header), `| ${header.map(() => "---").join(" | ")} |`, ...rows.map(row), ""];
}
