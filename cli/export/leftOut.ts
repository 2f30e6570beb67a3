import { terminalText } from "../../provider/terminalText";

/**
 * An entry that exists at Infomaniak but that the spec's schema cannot hold (a mailbox name, an
 * address outside what it allows): left out of an export instead of blocking it, and said where it
 * came from and why, in the written spec (as a comment) and on stderr.
 */
export interface LeftOut {
  /** Where it came from: `mail hosting 10, mailbox x@acme.example`. */
  where: string;
  /** The schema's reason. */
  why: string;
}

/** `export` exits with this code when it left something out, so that CI notices (0: all exported). */
export const LEFT_OUT_EXIT_CODE = 3;

const MAX_SHOWN = 200;

/** Hostile text as one line of a YAML comment or a terminal (see terminalText), at most 200 characters. */
function oneLine(text: string): string {
  const chars = [...terminalText(text)];
  return chars.length > MAX_SHOWN ? `${chars.slice(0, MAX_SHOWN).join("")}…` : chars.join("");
}

/** One left-out entry as one safe line: `where: why`. */
export function leftOutLine(entry: LeftOut): string {
  return `${oneLine(entry.where)}: ${oneLine(entry.why)}`;
}

/** The comment the written spec starts with when something was left out (empty otherwise). */
export function leftOutComment(entries: readonly LeftOut[]): string {
  if (entries.length === 0) return "";
  return [
    "# Left out: the spec cannot represent these entries, so they stay as they are at Infomaniak,",
    "# unmanaged by this stack (rename them in the Manager, or manage them there):",
    ...entries.map((entry) => `# - ${leftOutLine(entry)}`),
    "",
  ].join("\n");
}
