import type { ParseArgsConfig } from "node:util";
import { parseArgs } from "node:util";
import { z } from "zod";
import { DEFAULT_API_URL } from "../../provider/api/settings";

/**
 * Each command's options in one table: node:util parseArgs reads the command line with it, the
 * command's usage is rendered from it and every value is checked against it, so none can drift.
 */

export const PROGRAM = "infomaniak-mailbox";

export interface StringOption {
  type: "string";
  /** What the option does: its line in the command's usage, and the hint when it is missing. */
  help: string;
  /** The value's name in usage and errors: `--port N`. */
  value: string;
  default?: string;
  /** The default in words, for one the code works out or that a path would misstate. */
  defaultText?: string;
  required?: true;
  multiple?: true;
  /**
   * With `multiple`: the words after the option are more of its values, up to the next option
   * (`--spec a.yaml b.yaml`, as a shell expands `--spec clients/*.yaml`).
   */
  variadic?: true;
  /** What the value must be; its messages say how to fix it ("must be ..."). Any text when absent. */
  schema?: z.ZodType<unknown, string>;
}

export interface BooleanOption {
  type: "boolean";
  help: string;
  short?: string;
}

export type OptionTable = Readonly<Record<string, StringOption | BooleanOption>>;

export interface CommandSpec<T extends OptionTable = OptionTable> {
  name: string;
  /** One line: what the command does, in the list of commands. */
  summary: string;
  /** More about it, under its usage line; lines of at most 100 characters. */
  details?: string;
  options: T;
}

type ValueOf<O> = O extends BooleanOption
  ? boolean
  : O extends { schema: infer S extends z.ZodType }
    ? z.output<S>
    : string;

/** The checked values: a boolean is false unless given; a string with neither default nor `required` may be absent. */
export type OptionValues<T extends OptionTable> = {
  -readonly [K in keyof T]: T[K] extends { multiple: true }
    ? ValueOf<T[K]>[] | undefined
    : T[K] extends BooleanOption | { default: string } | { required: true }
      ? ValueOf<T[K]>
      : ValueOf<T[K]> | undefined;
};

export type OptionErrorCode =
  "unknown_option" | "unexpected_argument" | "missing_value" | "missing_option" | "bad_value" | "port_in_use";

/** A command line that cannot run as given; its message is one line naming the option and the fix. */
export class OptionError extends Error {
  override readonly name = "OptionError";

  constructor(
    readonly code: OptionErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Answered by every command (and the program itself) before anything else is read. */
const COMMON_OPTIONS = {
  help: { type: "boolean", short: "h", help: "print this help and exit" },
  version: { type: "boolean", help: "print the version and exit" },
} as const satisfies OptionTable;

/** A whole number from 1 up (organisation and mail hosting ids). */
export const PositiveWholeNumber = z
  .string()
  .regex(/^[1-9][0-9]*$/, { error: "must be a positive whole number, such as 100" })
  .transform(Number);

/** Where `export` and `doctor` send their requests. */
export const API_URL_OPTION = {
  type: "string",
  value: "URL",
  defaultText: `INFOMANIAK_HOST, else ${DEFAULT_API_URL}`,
  help: "the Infomaniak API to read",
} as const satisfies StringOption;

/** `--account N`, repeatable, of the commands that read every organisation the token sees by default. */
export function accountsOption(help: string) {
  return {
    type: "string",
    value: "N",
    multiple: true,
    schema: PositiveWholeNumber,
    defaultText: "every organisation the token sees",
    help,
  } as const satisfies StringOption;
}

/** `--format`, `--level` and the like: the value's name in usage is the list itself. */
export function choice<const V extends readonly [string, ...string[]]>(values: V) {
  return {
    value: values.join("|"),
    schema: z.enum(values, { error: `must be ${values.slice(0, -1).join(", ")} or ${values.at(-1)}` }),
  };
}

/** The formats of `doctor`: one for people, one for programs. */
export const MARKDOWN_OR_JSON = choice(["markdown", "json"]);

function parseArgsConfig(table: OptionTable): NonNullable<ParseArgsConfig["options"]> {
  return Object.fromEntries(
    Object.entries(table).map(([flag, option]) => [
      flag,
      option.type === "boolean"
        ? { type: "boolean", ...(option.short ? { short: option.short } : {}) }
        : {
            type: "string",
            ...(option.multiple ? { multiple: true } : {}),
            ...(option.default !== undefined ? { default: option.default } : {}),
          },
    ]),
  );
}

/** Reads without refusing anything: what `--help` and `--version` need, and the tokens to name a mistake by. */
function lenient(table: OptionTable, args: string[]) {
  return parseArgs({
    args,
    options: parseArgsConfig({ ...table, ...COMMON_OPTIONS }),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
}

/** `--help` or `--version` anywhere among a command's arguments (they win over any mistake in the others). */
export function asksFor(command: CommandSpec, args: string[]): "help" | "version" | undefined {
  const { values } = lenient(command.options, args);
  if (values["help"] === true) return "help";
  if (values["version"] === true) return "version";
  return undefined;
}

type Token = NonNullable<ReturnType<typeof lenient>["tokens"]>[number];

interface Refusal {
  code: OptionErrorCode;
  message: string;
}

/**
 * The words after a variadic option, by option (they are its values), and the other positionals,
 * which no command takes.
 */
function variadicValues(table: OptionTable, tokens: readonly Token[]) {
  const extra: Record<string, string[]> = {};
  const strays: Token[] = [];
  let open: string | undefined;
  for (const token of tokens) {
    if (token.kind === "option") {
      const option = table[token.name];
      open = option?.type === "string" && option.variadic ? token.name : undefined;
    } else if (token.kind === "positional") {
      if (open === undefined) strays.push(token);
      else (extra[open] ??= []).push(token.value);
    }
  }
  return { extra, strays };
}

/** What strict parseArgs would refuse in a token, in one line with the fix; undefined when it is fine. */
function refusal(command: CommandSpec, token: Token): Refusal | undefined {
  const table: OptionTable = command.options;
  const seeHelp = `see ${PROGRAM} ${command.name} --help`;
  if (token.kind === "positional")
    return { code: "unexpected_argument", message: `unexpected argument "${token.value}"; ${seeHelp}` };
  if (token.kind !== "option") return undefined;
  const option = table[token.name];
  const name = token.rawName;
  if (!option) return { code: "unknown_option", message: `unknown option ${name}; ${seeHelp}` };
  if (option.type === "boolean")
    return token.value === undefined
      ? undefined
      : { code: "bad_value", message: `${name} takes no value (got "${token.value}")` };
  const needsValue = `${name} needs a value: ${name} ${option.value}`;
  // No option takes an empty value: `--out ""` is a variable that was not set.
  if (!token.value) return { code: "missing_value", message: needsValue };
  // `--out -x` is more often a forgotten value than a folder named -x.
  if (!token.inlineValue && token.value.startsWith("-"))
    return {
      code: "missing_value",
      message: `${needsValue} (one that starts with - is written ${name}=${token.value})`,
    };
  return undefined;
}

/** Every option checked (known, with a value where one is needed, in its format, present when required). */
export function parseOptions<T extends OptionTable>(
  command: CommandSpec<T>,
  args: string[],
): OptionValues<T> {
  const table: OptionTable = command.options;
  const fail = (code: OptionErrorCode, message: string) =>
    new OptionError(code, `${command.name}: ${message}`);
  const { tokens, values } = lenient(table, args);
  const { extra, strays } = variadicValues(table, tokens);
  const refused = tokens
    .filter((token) => token.kind !== "positional" || strays.includes(token))
    .map((token) => refusal(command, token))
    .find((r) => r !== undefined);
  if (refused) throw fail(refused.code, refused.message);
  const checked: Record<string, unknown> = {};
  for (const [flag, option] of Object.entries(table)) {
    const more = extra[flag] ?? [];
    const given =
      more.length > 0 ? [...((values[flag] as string[] | undefined) ?? []), ...more] : values[flag];
    if (option.type === "boolean") {
      checked[flag] = given === true;
      continue;
    }
    if (given === undefined) {
      if (option.required)
        throw fail("missing_option", `--${flag} ${option.value} is required: ${option.help}`);
      continue;
    }
    const check = (raw: unknown): unknown => {
      if (!option.schema) return raw;
      const result = option.schema.safeParse(raw);
      if (result.success) return result.data;
      const message = result.error.issues[0]?.message ?? "is not valid";
      throw fail("bad_value", `--${flag} ${message} (got "${String(raw)}")`);
    };
    checked[flag] = Array.isArray(given) ? given.map(check) : check(given);
  }
  return checked as OptionValues<T>;
}

function optionLines(table: OptionTable): string[] {
  const all: OptionTable = { ...table, ...COMMON_OPTIONS };
  const entries = Object.entries(all).map(([flag, option]) => {
    const names = option.type === "boolean" && option.short ? `-${option.short}, --${flag}` : `--${flag}`;
    if (option.type === "boolean") return { left: names, right: option.help };
    const byDefault = option.defaultText ?? option.default;
    const notes = [
      option.required ? "required" : undefined,
      option.multiple ? (option.variadic ? "one or more, repeatable" : "repeatable") : undefined,
      byDefault ? `default: ${byDefault}` : undefined,
    ].filter((note) => note !== undefined);
    return {
      left: `${names} ${option.value}`,
      right: `${option.help}${notes.length > 0 ? ` (${notes.join("; ")})` : ""}`,
    };
  });
  const width = Math.max(...entries.map((e) => e.left.length));
  return entries.map((e) => `  ${e.left.padEnd(width)}  ${e.right}`);
}

/** A command's usage: its synopsis (required options first), what it does, every option. */
export function commandUsage(command: CommandSpec): string {
  const required = Object.entries(command.options).flatMap(([flag, option]) =>
    option.type === "string" && option.required ? [`--${flag} ${option.value}`] : [],
  );
  return [
    `Usage: ${PROGRAM} ${[command.name, ...required, "[options]"].join(" ")}`,
    "",
    command.summary,
    ...(command.details ? [command.details] : []),
    "",
    "Options:",
    ...optionLines(command.options),
    "",
  ].join("\n");
}

/** The program's usage: every command's summary, and how to get one command's options. */
export function programUsage(commands: readonly CommandSpec[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `Usage: ${PROGRAM} <command> [options]`,
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Options:",
    ...optionLines({}),
    "",
    `${PROGRAM} <command> --help lists a command's options.`,
    "",
  ].join("\n");
}
