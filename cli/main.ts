#!/usr/bin/env node
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { packageInfo } from "../provider/packageInfo";
import { ACCESS_COMMAND, runAccess } from "./access/command";
import { DEMO_COMMAND, runDemo } from "./demo/command";
import { OFFBOARD_COMMAND, runOffboard } from "./offboard/command";
import { DOCTOR_COMMAND, runDoctor } from "./doctor/command";
import { EXPORT_COMMAND, runExport } from "./export/command";
import type { CommandSpec } from "./shared/options";
import { asksFor, commandUsage, parseOptions, PROGRAM, programUsage } from "./shared/options";
import { PLAN_COMMAND, runPlan } from "./plan/command";
import { RECOVER_COMMAND, runRecover } from "./recover/command";
import { REPORT_COMMAND, runReport } from "./report/command";
import { runSimulator, SIMULATOR_COMMAND } from "./simulator/command";
import { terminalLines } from "./shared/terminalLines";

const write = (text: string) => process.stdout.write(text);
const warn = (text: string) => process.stderr.write(text);

/** Every command, in the order the usage lists them; `run` gets the arguments after the command's name. */
const COMMANDS: { spec: CommandSpec; run: (args: string[]) => number | Promise<number> }[] = [
  {
    spec: DEMO_COMMAND,
    run: async (args) => {
      const values = parseOptions(DEMO_COMMAND, args);
      await runDemo({ stateDir: resolve(values.state), write });
      return 0;
    },
  },
  {
    spec: SIMULATOR_COMMAND,
    run: async (args) => {
      await runSimulator(args, write);
      return 0;
    },
  },
  { spec: EXPORT_COMMAND, run: (args) => runExport(args, { write, warn }) },
  { spec: DOCTOR_COMMAND, run: (args) => runDoctor(args, { write, warn }) },
  { spec: ACCESS_COMMAND, run: (args) => runAccess(args, { write, warn }) },
  { spec: OFFBOARD_COMMAND, run: (args) => runOffboard(args, { write, warn }) },
  { spec: RECOVER_COMMAND, run: (args) => runRecover(args, { write, warn }) },
  {
    spec: REPORT_COMMAND,
    run: (args) => runReport(args, { write, warn, readStdin: () => readFileSync(0, "utf8") }),
  },
  { spec: PLAN_COMMAND, run: (args) => runPlan(args, { write, warn }) },
];

const USAGE = programUsage(COMMANDS.map((c) => c.spec));

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = COMMANDS.find((c) => c.spec.name === name);
  if (command) {
    // Help and version first: they answer even when another option is wrong.
    const asked = asksFor(command.spec, rest);
    if (asked === "help") write(commandUsage(command.spec));
    if (asked === "version") write(`${packageInfo().version}\n`);
    return asked ? 0 : command.run(rest);
  }
  switch (name) {
    case "--version":
      write(`${packageInfo().version}\n`);
      return 0;
    case "help": {
      const topic = COMMANDS.find((c) => c.spec.name === rest[0]);
      write(topic ? commandUsage(topic.spec) : USAGE);
      return 0;
    }
    case "--help":
    case "-h":
      write(USAGE);
      return 0;
    case undefined:
      write(USAGE);
      return 2;
    default:
      warn(
        `Unknown command "${name}": use ${COMMANDS.map((c) => c.spec.name).join(", ")}; see ${PROGRAM} --help\n`,
      );
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    // An error may quote a name: each of its lines is shown without controls.
    const message = error instanceof Error ? error.message : String(error);
    message.split("\n").forEach(terminalLines(warn));
    process.exit(1);
  },
);
