import { readFileSync, writeFileSync } from "node:fs";
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
  const results = (values.spec ?? []).map((file) =>
    offboardInSpec(readFileSync(file, "utf8"), file, values.person),
  );
  for (const result of results) {
    if (result.text !== undefined) writeFileSync(result.file, result.text);
    const line = terminalLines(io.write);
    line(`${result.file}${result.text === undefined ? " (unchanged)" : ""}:`);
    for (const effect of result.effects) line(`  - ${effect}`);
  }
  return 0;
}
