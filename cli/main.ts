#!/usr/bin/env node
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { readFileSync } from "node:fs";
import { runDemo } from "./demo";
import { runDoctor } from "./doctorCommand";
import { runExport } from "./exportCommand";
import { runReport } from "./reportCommand";
import { runSimulator } from "./simulatorCommand";

const USAGE = `Usage: infomaniak-mailbox <command> [options]

Commands:
  demo [--state DIR]   Preview, then apply, the quick start example on a local state backend
                       (default state folder: ./.pulumi-local/demo).
  simulator [--port N] [--host H] [--seed FILE] [--persist FILE] [--rate-limit N]
                       Serve the local Infomaniak API simulator until interrupted (default: port 8787,
                       the bundled quick start seed, 60 requests a minute per token; 0 turns it off).
  export --account N --mail-hosting N --out DIR [--name SLUG] [--api-url URL]
                       Read an organisation's members and one mail hosting's sharing (token from
                       INFOMANIAK_TOKEN) and write DIR/organisation.yaml, every entry with adopt: true,
                       plus the program and Pulumi project that use it. Progress goes to stderr.
  doctor [--account N]... [--api-url URL] [--format markdown|json] [--show-addresses]
                       Check, with GET requests only, that the live API answers as the provider
                       assumes (token from INFOMANIAK_TOKEN): organisations, members, mail hostings,
                       access families, one mailbox listing per mail hosting, rate-limit headers; a
                       verdict per assumption. Run it first with a real account. Exits 1 when a check
                       failed. No e-mail address is printed unless --show-addresses.
  report --preview FILE [--format markdown|json] [--output FILE] [--today YYYY-MM-DD]
         [--fail-on-removal] [--fail-on-drift] [--allow-incomplete]
                       Turn a preview (\`pulumi preview --json\` output, or an engine event log; - reads
                       standard input) into a permission report: per mailbox, who gains, loses or changes
                       rights, with each grant's reason and owner, and grants due for review. A gate that
                       trips exits 3. The output of a run that failed or stops before its end is refused
                       (exit 1) unless --allow-incomplete, which marks the report as partial.
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "demo": {
      const { values } = parseArgs({ args: rest, options: { state: { type: "string" } } });
      await runDemo({
        stateDir: resolve(values.state ?? ".pulumi-local/demo"),
        write: (text) => process.stdout.write(text),
      });
      return 0;
    }
    case "export":
      return runExport(rest, {
        write: (text) => process.stdout.write(text),
        warn: (text) => process.stderr.write(text),
      });
    case "doctor":
      return runDoctor(rest, {
        write: (text) => process.stdout.write(text),
        warn: (text) => process.stderr.write(text),
      });
    case "report":
      return runReport(rest, {
        write: (text) => process.stdout.write(text),
        warn: (text) => process.stderr.write(text),
        readStdin: () => readFileSync(0, "utf8"),
      });
    case "simulator":
      await runSimulator(rest, (text) => process.stdout.write(text));
      return 0;
    case undefined:
    case "help":
    case "--help":
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`Unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
