import { existsSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { checkWritableFile, writeOwnFile } from "../shared/safeWrite";
import type { Offboarding } from "./offboardPerson";
import { closestAddresses, offboardInSpec } from "./offboardPerson";
import type { Client } from "../plan/clients";
import { clientsOf, findClients, programFolder } from "../plan/clients";
import { EmailInput } from "../../provider/fields/addresses";
import { readSpecText } from "../../sdk/organisationSpec/load";
import type { CommandSpec } from "../shared/options";
import { OptionError, parseOptions, PROGRAM } from "../shared/options";
import type { CommandIo } from "../report/command";
import { terminalLines } from "../shared/terminalLines";

export const OFFBOARD_COMMAND = {
  name: "offboard",
  summary:
    "Set a person's state to removed in each spec that names them, and say what the preview will show.",
  details: [
    "Comments and layout are kept. Nothing is sent to Infomaniak: the next preview shows each grant",
    "revoked and the membership leaving the stack; `up` applies it; only the Manager ends the membership.",
    "Without --spec, every client of the program folder (as `plan` finds them). Exits 1, writing",
    "nothing, when no spec names the person (with the closest addresses the specs hold).",
  ].join("\n"),
  options: {
    person: { type: "string", value: "ADDRESS", required: true, schema: EmailInput, help: "who leaves" },
    spec: {
      type: "string",
      value: "FILE",
      multiple: true,
      variadic: true,
      defaultText: "the spec of every client of --program",
      help: "a spec file to update",
    },
    program: {
      type: "string",
      value: "DIR",
      default: ".",
      help: "the Pulumi program folder, with one Pulumi.<stack>.yaml per client",
    },
  },
} as const satisfies CommandSpec;

/** The files to offboard, each with its client when the program folder has one for it. */
function specsToRead(specs: string[] | undefined, program: string): { file: string; client?: Client }[] {
  if (!specs) {
    const dir = programFolder(program, "offboard: --program");
    return findClients(dir, "offboard").map((client) => ({ file: join(program, client.specFile), client }));
  }
  // Files named one by one: their clients, when they are the folder's (else the plan line is left out).
  const clients = existsSync(join(program, "Pulumi.yaml"))
    ? clientsOf(programFolder(program, "offboard: --program"))
    : [];
  return specs.map((file) => {
    const client = existsSync(file) ? clients.find((c) => c.specPath === realpathSync(file)) : undefined;
    return client ? { file, client } : { file };
  });
}

/** The person in no spec: refused, with the addresses a typo may have meant. */
function notFound(person: string, results: readonly Offboarding[]): OptionError {
  const near = closestAddresses(
    person,
    results.flatMap((r) => r.addresses),
  );
  const files = results.length === 1 ? (results[0]?.file ?? "") : `any of the ${results.length} specs`;
  return new OptionError(
    "bad_value",
    `offboard: --person ${person} is not a member of ${files} (nothing was written)${near.length > 0 ? `: did you mean ${near.join(" or ")}?` : ""}`,
  );
}

/** Which clients change, and the `plan` line that previews exactly those. */
function changedClients(changed: { file: string; client?: Client }[], program: string): string {
  if (changed.length === 0) return "No spec changes: nothing to preview.\n";
  const stacks = changed.flatMap((c) => (c.client ? [c.client.stack] : []));
  const files = changed.filter((c) => !c.client).map((c) => c.file);
  const where = program === "." ? "" : ` --program ${program}`;
  return [
    ...(stacks.length > 0
      ? [
          `Clients that change: ${stacks.join(", ")}. Preview exactly those:`,
          `  ${PROGRAM} plan${where}${stacks.map((s) => ` --stack ${s}`).join("")}`,
        ]
      : []),
    ...(files.length > 0
      ? [
          `Specs that change, named by no Pulumi.<stack>.yaml of ${program === "." ? "this folder" : program}: ${files.join(", ")}`,
          `  preview them in their program folder: ${PROGRAM} plan --program DIR`,
        ]
      : []),
    "",
  ].join("\n");
}

/** `offboard --person ADDRESS [--spec FILE...]`: every file is read and checked before any is written. */
export function runOffboard(args: string[], io: Pick<CommandIo, "write" | "warn">): number {
  const values = parseOptions(OFFBOARD_COMMAND, args);
  const specs = specsToRead(values.spec, values.program);
  // Each spec is written in place: none may be a link, or a file that is not a regular one of ours.
  const paths = specs.map(({ file }) => checkWritableFile(file));
  const results = specs.map(({ file }) => offboardInSpec(readSpecText(file), file, values.person));
  if (results.every((r) => r.found === "absent")) throw notFound(values.person, results);
  const line = terminalLines(io.write);
  for (const [i, result] of results.entries()) {
    if (result.text !== undefined) writeOwnFile(paths[i] ?? result.file, result.text, true);
    line(`${result.file}${result.text === undefined ? " (unchanged)" : ""}:`);
    for (const effect of result.effects) line(`  - ${effect}`);
  }
  io.write(
    changedClients(
      specs.filter((_, i) => results[i]?.text !== undefined),
      values.program,
    ),
  );
  return 0;
}
