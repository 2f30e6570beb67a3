import { readFileSync } from "node:fs";
import { z } from "zod";
import type { StateInput } from "./model";
import { State } from "./model";
import { shippedFile } from "./shippedFile";

/** The organisation the demo and most tests start from (shipped with the package). */
export const QUICKSTART_SEED = "simulator/fixtures/quickstart.json";

/** The seed format as JSON Schema, shipped beside the quick start seed for editors to check seeds with. */
export const SEED_SCHEMA_FILE = "simulator/fixtures/seed.schema.json";

/** A seed file: the simulator's state, and the JSON Schema an editor checks it against (`$schema`). */
const SeedFile = State.safeExtend({ $schema: z.string().optional() }).meta({
  title: "Infomaniak API simulator seed",
  description: "The state the simulator starts from: users, organisations, mail hostings and their sharing.",
});

/** The text of SEED_SCHEMA_FILE: the seed's input (fields with a default may be left out). */
export function seedSchemaText(): string {
  return `${JSON.stringify(z.toJSONSchema(SeedFile, { io: "input" }), null, 2)}\n`;
}

export class SeedFileError extends Error {
  override readonly name = "SeedFileError";

  constructor(
    readonly code: "seed_unreadable" | "seed_invalid",
    message: string,
  ) {
    super(message);
  }
}

const KINDS: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "an object",
};

function bound(issue: { origin: string; inclusive?: boolean }, limit: unknown, words: [string, string]) {
  const unit = issue.origin === "string" ? " characters" : issue.origin === "array" ? " items" : "";
  return `must be ${issue.inclusive ? words[0] : words[1]} ${String(limit)}${unit}`;
}

/** Zod's default messages in the words of someone editing a seed; a schema's own message is kept. */
const plainWords: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined ? "is required" : `must be ${KINDS[issue.expected] ?? issue.expected}`;
    case "invalid_format":
      return issue.format === "email" ? "must be an e-mail address" : `must be in the ${issue.format} format`;
    case "invalid_value":
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "too_small":
      return bound(issue, issue.minimum, ["at least", "more than"]);
    case "too_big":
      return bound(issue, issue.maximum, ["at most", "less than"]);
    case "unrecognized_keys":
      return `unknown key${issue.keys.length === 1 ? "" : "s"} ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
    default:
      return undefined;
  }
};

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Enough to fix the first problems; a file wrong throughout would otherwise print a line per entry. */
const MAX_PROBLEMS = 20;

/** Reads and validates a seed file; a problem names the file and the path inside it, one line each. */
export function loadSeed(file: string): StateInput {
  const path = file === QUICKSTART_SEED ? shippedFile(QUICKSTART_SEED) : file;
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : messageOf(error);
    throw new SeedFileError("seed_unreadable", `${path}: cannot be read: ${reason}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new SeedFileError("seed_invalid", `${path}: is not JSON: ${messageOf(error)}`);
  }
  const result = SeedFile.safeParse(parsed, { error: plainWords });
  if (!result.success) {
    const issues = result.error.issues;
    const lines = issues
      .slice(0, MAX_PROBLEMS)
      .map((i) => `${path}: ${z.core.toDotPath(i.path) || "(the whole file)"}: ${i.message}`);
    if (issues.length > MAX_PROBLEMS)
      lines.push(`${path}: and ${issues.length - MAX_PROBLEMS} more problems`);
    throw new SeedFileError("seed_invalid", lines.join("\n"));
  }
  // `$schema` is for editors: the simulator's state has no such field.
  const { $schema: _schema, ...state } = result.data;
  return state;
}
