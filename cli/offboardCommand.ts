import { readFileSync } from "node:fs";
import { checkWritableFile, writeOwnFile } from "../exporter/safeWrite";
import { offboardInSpec } from "../offboard/offboardPerson";
import { EmailInput } from "../provider/fields/addresses";
import type { CommandSpec } from "./options";
import { parseOptions } from "./options";
import type { CommandIo } from "./reportCommand";
import { terminalLines } from "./terminalLines";

export const OFFBOARD_COMMAND = {
  name: "offboard",
  summary:
    "Set a person's state to removed in each spec that names them, and say what the preview will show.",
  details: [
    "Comments and layout are kept. Nothing is sent to Infomaniak: the next preview shows each grant",
    "revoked and the membership leaving the stack; `up` applies it; only the Manager ends the membership.",
  ].join("\n"),
  options: {
    person: { type: "string", value: "ADDRESS", required: true, schema: EmailInput, help: "who leaves" },
    spec: { type: "string", value: "FILE", required: true, multiple: true, help: "a spec file to update" },
  },
} as const satisfies CommandSpec;

/** `offboard --person ADDRESS --spec FILE...`: every file is read and checked before any is written. */
export function runOffboard(args: string[], io: Pick<CommandIo, "write" | "warn">): number {
  const values = parseOptions(OFFBOARD_COMMAND, args);
  const files = values.spec ?? [];
  // Each spec is written in place: none may be a link, or a file that is not a regular one of ours.
  const paths = files.map(checkWritableFile);
  const results = files.map((file) => offboardInSpec(readFileSync(file, "utf8"), file, values.person));
  const line = terminalLines(io.write);
  for (const [i, result] of results.entries()) {
    if (result.text !== undefined) writeOwnFile(paths[i] ?? result.file, result.text, true);
    line(`${result.file}${result.text === undefined ? " (unchanged)" : ""}:`);
    for (const effect of result.effects) line(`  - ${effect}`);
  }
  return 0;
}
