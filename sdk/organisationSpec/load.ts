import { readFileSync } from "node:fs";
import { LineCounter, parseDocument } from "yaml";
import type { Document } from "yaml";
import type { z } from "zod";
import { OrganisationSpec } from "./schema";

export const SPEC_ERROR_CODES = ["spec_unreadable", "spec_syntax", "spec_invalid"] as const;
export type SpecErrorCode = (typeof SPEC_ERROR_CODES)[number];

/** One problem in a spec file: where (file, path inside it, line) and what to do. */
export interface SpecProblem {
  file: string;
  /** Such as `mailboxes[0].grants[1].member`; empty for the whole file. */
  path: string;
  /** 1-based; absent when the file could not be read. */
  line?: number;
  message: string;
}

export class OrganisationSpecError extends Error {
  override readonly name = "OrganisationSpecError";

  constructor(
    readonly code: SpecErrorCode,
    readonly problems: SpecProblem[],
  ) {
    const where = (p: SpecProblem) => `${p.file}${p.line ? `:${p.line}` : ""}${p.path ? ` ${p.path}` : ""}`;
    const file = problems[0]?.file ?? "";
    super(
      `Organisation spec ${file} cannot be used (${problems.length} problem${problems.length === 1 ? "" : "s"}) [${code}]:\n` +
        problems.map((p) => `  ${where(p)}: ${p.message}`).join("\n"),
    );
  }
}

type Path = readonly PropertyKey[];

export function formatPath(path: Path): string {
  return path
    .map((part, i) => (typeof part === "number" ? `[${part}]` : `${i === 0 ? "" : "."}${String(part)}`))
    .join("");
}

/** The line of the deepest node of `path` that exists in the document (a missing key: its parent's). */
function lineOf(doc: Document, lines: LineCounter, path: Path): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node: unknown = doc.getIn(path.slice(0, depth) as unknown[], true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (range) return lines.linePos(range[0]).line;
  }
  return undefined;
}

function problemsOf(error: z.ZodError, file: string, doc: Document, lines: LineCounter): SpecProblem[] {
  return error.issues.map((issue) => {
    // An unknown key is shown at the key itself.
    const path = issue.code === "unrecognized_keys" ? [...issue.path, issue.keys[0] ?? ""] : issue.path;
    const line = lineOf(doc, lines, path);
    return { file, path: formatPath(path), ...(line ? { line } : {}), message: issue.message };
  });
}

/** The errors the `yaml` library gives for a plain value holding `: ` (it reads a second key there). */
const COLON_IN_VALUE: ReadonlySet<string> = new Set(["BLOCK_AS_IMPLICIT_KEY", "MULTILINE_IMPLICIT_KEY"]);

/**
 * The fix of a syntax error that quoting would mend: the line `key: text: more` rewritten as
 * `key: "text: more"`; undefined for any other error or line.
 */
function quoteFix(code: string, line: string | undefined): string | undefined {
  if (!COLON_IN_VALUE.has(code) || line === undefined) return undefined;
  const entry = /^\s*(?:-\s+)?([^\s:#"'{[][^:#]*?):\s+([^"'{[|>&*!].*?:\s.*?)\s*$/.exec(line);
  if (!entry) return undefined;
  const [, key = "", value = ""] = entry;
  const quoted = JSON.stringify(value);
  return `a value with ": " in it must be quoted: write ${key}: ${quoted}`;
}

/** Validates a spec's text (YAML, or JSON, which YAML reads too); `file` names it in errors. */
export function parseOrganisationSpec(text: string, file: string): OrganisationSpec {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  // The first syntax error only: the ones after it are mostly its echoes.
  const syntax = doc.errors[0];
  if (syntax) {
    const line = lines.linePos(syntax.pos[0]).line;
    const fix = quoteFix(syntax.code, text.split(/\r?\n/)[line - 1]) ?? "fix the YAML/JSON syntax there";
    throw new OrganisationSpecError("spec_syntax", [
      { file, path: "", line, message: `${syntax.message.split("\n")[0] ?? syntax.code}: ${fix}` },
    ]);
  }
  const parsed = OrganisationSpec.safeParse(doc.toJS());
  if (!parsed.success)
    throw new OrganisationSpecError("spec_invalid", problemsOf(parsed.error, file, doc, lines));
  return parsed.data;
}

/** Validates a spec built in code; problems name the path inside it (there is no line). */
export function validateOrganisationSpec(value: unknown, source = "(spec object)"): OrganisationSpec {
  const parsed = OrganisationSpec.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new OrganisationSpecError(
    "spec_invalid",
    parsed.error.issues.map((issue) => ({
      file: source,
      path: formatPath(issue.path),
      message: issue.message,
    })),
  );
}

/** A spec file's text; one that cannot be read is a spec error naming the file. */
export function readSpecText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new OrganisationSpecError("spec_unreadable", [
      { file, path: "", message: `cannot be read (${reason}): check the path` },
    ]);
  }
}

/** Reads and validates a spec file. */
export function loadOrganisationSpec(file: string): OrganisationSpec {
  return parseOrganisationSpec(readSpecText(file), file);
}
