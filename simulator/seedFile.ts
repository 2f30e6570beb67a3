import { readFileSync } from "node:fs";
import { join } from "node:path";
import { packageInfo } from "../provider/packageInfo";
import type { StateInput } from "./model";
import { State } from "./model";

/** The organisation the demo and most tests start from (shipped with the package). */
export const QUICKSTART_SEED = "simulator/fixtures/quickstart.json";

/** Reads and validates a seed file; a problem names the file and the path inside it. */
export function loadSeed(file: string): StateInput {
  const path = file === QUICKSTART_SEED ? join(packageInfo().root, QUICKSTART_SEED) : file;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(
      `Cannot read seed file ${path}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const result = State.safeParse(parsed);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  - ${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new Error(`Invalid seed file ${path}:\n${problems.join("\n")}`);
  }
  return parsed as StateInput;
}
