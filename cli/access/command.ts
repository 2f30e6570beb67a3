import { checkWritableFile, writeNamedFile } from "../shared/safeWrite";
import { z } from "zod";
import { compareWithDeclarations } from "./compareAccess";
import { readDeclarations } from "./declaredAccess";
import { readHeldAccess } from "./heldAccess";
import type { AccessView } from "./renderAccess";
import {
  ACCESS_VIEWS,
  forPerson,
  renderAccessCsv,
  renderAccessHtml,
  renderAccessJson,
  renderAccessMarkdown,
} from "./renderAccess";
import { EmailInput } from "../../provider/fields/addresses";
import { utcToday } from "../../provider/fields/review";
import type { CommandSpec } from "../shared/options";
import { accountsOption, API_URL_OPTION, choice, parseOptions } from "../shared/options";
import { commandSettings, readOnlyClient } from "../shared/commandClient";
import type { CommandIo } from "../report/command";
import { terminalLines } from "../shared/terminalLines";

export const ACCESS_COMMAND = {
  name: "access",
  summary: "List who can open which mailbox, by mailbox or by person, across organisations (GET only).",
  details: [
    "With the token in INFOMANIAK_TOKEN: every organisation it sees (or --account), its members, mail",
    "hostings and mailboxes, and one listing per mailbox: members and guests with their rights, teams,",
    "pending links (to whom, until when). With --declared, each access is marked against the stacks'",
    "exported states or spec files, with its reason, owner and dates: the access-review sheet.",
    "Progress and the number of requests go to stderr.",
  ].join("\n"),
  options: {
    account: accountsOption("an organisation to read"),
    person: {
      type: "string",
      value: "ADDRESS",
      schema: EmailInput,
      help: "only what this person can open (implies --by person)",
    },
    declared: {
      type: "string",
      value: "FILE",
      multiple: true,
      help: "a `pulumi stack export` file or a spec file: mark each access declared, undeclared or not held",
    },
    today: {
      type: "string",
      value: "YYYY-MM-DD",
      defaultText: "the current date",
      schema: z.iso.date({ error: "must be a date as YYYY-MM-DD, such as 2026-01-31" }),
      help: "the date spec files' end dates are counted against",
    },
    by: {
      type: "string",
      ...choice(ACCESS_VIEWS),
      defaultText: "mailbox (person with --person)",
      help: "the view",
    },
    format: {
      type: "string",
      ...choice(["markdown", "json", "csv", "html"]),
      default: "markdown",
      help: "the list's format",
    },
    output: { type: "string", value: "FILE", defaultText: "standard output", help: "write the list to FILE" },
    "api-url": API_URL_OPTION,
  },
} as const satisfies CommandSpec;

/** `access`: who can open what, read with GET requests only (the client refuses anything else). */
export async function runAccess(args: string[], io: Pick<CommandIo, "write" | "warn">): Promise<number> {
  const values = parseOptions(ACCESS_COMMAND, args);
  // The declarations are read first: a file that cannot be read stops the command before any request.
  const declarations = values.declared?.flatMap((file) => readDeclarations(file, values.today ?? utcToday()));
  // The output is checked before any request too: never a link, never written through one.
  if (values.output) checkWritableFile(values.output);
  const { client, requests } = readOnlyClient(commandSettings(values["api-url"]));
  try {
    const read = await readHeldAccess(client, {
      ...(values.account ? { accounts: values.account } : {}),
      progress: terminalLines(io.warn),
    });
    const person = values.person;
    const view: AccessView = values.by ?? (person ? "person" : "mailbox");
    const list = declarations ? compareWithDeclarations(read, declarations) : read;
    const shown = person ? forPerson(list, person) : list;
    const render = {
      csv: () => renderAccessCsv(shown, view),
      json: () => renderAccessJson(shown, view, person),
      html: () => renderAccessHtml(shown, person),
      markdown: () => renderAccessMarkdown(shown, view, person),
    };
    const rendered = render[values.format]();
    if (values.output) writeNamedFile(values.output, rendered);
    else io.write(rendered);
    io.warn(`${requests()} GET request(s), nothing changed.\n`);
    return 0;
  } finally {
    await client.close();
  }
}
