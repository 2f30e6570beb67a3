/**
 * A cell of a CSV sheet (RFC 4180) that a spreadsheet shows as the text it holds: a cell that starts
 * with `=`, `+`, `-`, `@`, a tab or a CR, which a spreadsheet could read as a formula, gets a leading
 * `'` (OWASP's advice on CSV injection); a cell with a comma, a double quote, a CR or an LF is quoted,
 * its double quotes doubled.
 */
export function csvCell(value: string): string {
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as a CSV sheet: cells escaped, CRLF line ends, one after the last row. */
export function csvSheet(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => `${row.map(csvCell).join(",")}\r\n`).join("");
}
