import { terminalText } from "../../../provider/terminalText";

/**
 * What GFM gives meaning to anywhere in a line: escapes, code, emphasis and strikethrough, links and
 * images (`[`, `]`; `!` and `(` mean nothing without them), raw HTML and autolinks (`<`, `>`),
 * entities, table cells, heading marks (a trailing `#` is dropped), GitHub's math (`$`), and a `_`
 * that is not between two letters or digits (within a word it emphasises nothing, so that
 * `can_manage_filters` stays as it is).
 */
const INLINE = /[\\`*~[\]<>&|#$]|_(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])_/gu;

/** The start of an extended autolink: `www.` and a scheme's `:/`. */
const AUTOLINK = /(?<=www)\.|:(?=\/)/gi;

/** What means something only at the start of a line: a list item's mark, a setext underline. */
const LINE_START = /^(\d+(?=[.)])|(?=[-+=]))/;

/**
 * Text from a name (the API's or a spec's) in Markdown: it reads as the same characters and can never
 * make a heading, a list, a table row or cell, a link, an image, emphasis, code, math or raw HTML.
 * `terminalText` makes it one line without controls, then each character with a meaning is
 * backslash-escaped (an escaped one is always literal: `\<` never opens a tag, `www\.` and `https\://`
 * are no autolinks). An e-mail address is left as it is: GFM shows it as a `mailto:` link to itself,
 * which no escape prevents in GitHub's renderer (cmark-gfm), and which cannot point elsewhere.
 */
export function markdownText(text: string): string {
  return terminalText(text).replace(INLINE, "\\$&").replace(AUTOLINK, "\\$&").replace(LINE_START, "$1\\");
}

/** The longest run of backticks in the text. */
function longestBacktickRun(text: string): number {
  return Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
}

/**
 * Text from a name as a code span (outside tables: a `|` in a table cell ends the cell even in code):
 * one line without controls, between fences longer than any run of backticks in it, padded with a
 * space each side where a backtick or spaces at both ends would otherwise be lost (empty: one space).
 */
export function markdownCode(text: string): string {
  const line = terminalText(text);
  const fence = "`".repeat(longestBacktickRun(line) + 1);
  const padded = line === "" ? " " : /^`|`$|^ .* $/.test(line) ? ` ${line} ` : line;
  return `${fence}${padded}${fence}`;
}

/**
 * Lines from elsewhere (the engine's output) as a fenced code block: controls visible, and a fence
 * longer than any run of backticks in them, so that no line can end the block.
 */
export function markdownCodeBlock(lines: readonly string[]): string[] {
  const shown = lines.map(terminalText);
  const fence = "`".repeat(Math.max(2, ...shown.map(longestBacktickRun)) + 1);
  return [`${fence}text`, ...shown, fence, ""];
}
