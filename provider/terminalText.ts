/**
 * Text from a name (the API's or a spec's) as one line of plain text: nothing in it can move the
 * cursor, clear a line, colour what follows, start a new line or reorder what a reader sees.
 */

/** Line breaks and tabs, which only lay text out: one space each. */
const LAYOUT = /\r\n|[\t\n\v\f\r\u2028\u2029]/g;

/**
 * Every other control: C0 (ESC included, so no escape sequence survives), DEL, C1 (CSI included)
 * and the bidirectional overrides and isolates.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is what it is for
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

function visible(char: string): string {
  const code = char.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16)}`;
}

/** One line for a terminal (or any plain-text line): layout characters as spaces, controls visible as `\x1b`. */
export function terminalText(text: string): string {
  return text.replace(LAYOUT, " ").replace(CONTROL, visible);
}
