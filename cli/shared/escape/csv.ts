import { terminalText } from "../../../provider/terminalText";

/**
 * A cell of a CSV sheet (RFC 4180) that a spreadsheet shows as the text it holds. Names are one line,
 * so the text is first made one (`terminalText`: line breaks and tabs as spaces, controls visible);
 * then a cell that starts with `=`, `+`, `-` or `@`, which a spreadsheet could run as a formula, gets a
 * leading `'` (OWASP's advice on CSV injection, whose tab and CR are spaces by then); a cell with a
 * comma or a double quote is quoted, its double quotes doubled.
 */
export function csvCell(value: string): string {
  const line = terminalText(value);
  const text = /^[=+\-@]/.test(line) ? `'${line}` : line;
  return /[",]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as a CSV sheet: cells escaped, CRLF line ends, one after the last row. */
export function csvSheet(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => `${row.map(csvCell).join(",")}\r\n`).join("");
}
