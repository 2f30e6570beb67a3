import { existsSync, lstatSync, mkdirSync, readFileSync, realpathSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { isMap, parse, parseDocument } from "yaml";
import { z } from "zod";
import type { Client } from "../plan/clients";
import { clientsOf, projectOf } from "../plan/clients";
import { checkWritable, writeOwnFile } from "../shared/safeWrite";
import { SHARED_PROGRAM_FILES, SHARED_PROJECT, sharedProgramFiles } from "./sharedProgram";
import { SPEC_FILE } from "./writeExport";

/**
 * One client of a program folder, as `plan` reads it: `clients/<name>/organisation.yaml` and the
 * stack file `Pulumi.<name>.yaml` naming it (`<project>:specFile`), beside one shared program.
 */
export interface ClientTarget {
  /** The program folder (its real path once it exists). */
  root: string;
  name: string;
  /** The spec as the stack file names it: relative to the program folder, with `/`. */
  specFile: string;
  /** The stack file, relative to the program folder (Pulumi.yaml's stackConfigDir is honoured). */
  stackFile: string;
  /** `<project>:specFile`. */
  key: string;
  /** The folder has no Pulumi.yaml yet: the shared program is written too. */
  writesProgram: boolean;
}

/** Why an export into a program folder cannot go ahead: said before any write, naming the fix. */
export class ClientLayoutError extends Error {
  override readonly name = "ClientLayoutError";

  constructor(
    readonly code:
      | "one_organisation_project"
      | "stray_program_files"
      | "stack_names_other_spec"
      | "no_such_client"
      | "ambiguous_client",
    message: string,
  ) {
    super(message);
  }
}

function exists(path: string): boolean {
  try {
    return lstatSync(path) !== undefined;
  } catch {
    return false;
  }
}

/**
 * A program folder shared by clients: a Pulumi.yaml with a clients/ folder beside it, and no
 * organisation.yaml (an `--out` project's). Any other Pulumi project is not taken for one.
 */
export function holdsSharedProgram(dir: string): boolean {
  return exists(join(dir, "Pulumi.yaml")) && exists(join(dir, "clients")) && !exists(join(dir, SPEC_FILE));
}

/** What the stack file names as its spec, when it exists (a `pulumi stack init` may have made it). */
function namedSpec(file: string, key: string): unknown {
  if (!existsSync(file)) return undefined;
  const doc = parseDocument(readFileSync(file, "utf8"));
  const config = doc.get("config");
  return isMap(config) ? config.get(key) : undefined;
}

/** Where client `name` goes in `dir`, every file checked writable, before any request. */
export function clientTarget(dir: string, name: string): ClientTarget {
  if (exists(join(dir, "Pulumi.yaml")) && exists(join(dir, SPEC_FILE)))
    throw new ClientLayoutError(
      "one_organisation_project",
      `export: ${dir} is the project of one organisation (${SPEC_FILE} beside Pulumi.yaml, as --out writes): ` +
        "--into takes a program folder of clients. Give an empty folder or one that holds the shared program",
    );
  const writesProgram = !exists(join(dir, "Pulumi.yaml"));
  const root = checkWritable(dir, [...SHARED_PROGRAM_FILES]);
  const { key, stackDir } = writesProgram
    ? { key: `${SHARED_PROJECT}:specFile`, stackDir: root }
    : projectOf(root);
  const stackFile = relative(root, join(stackDir, `Pulumi.${name}.yaml`));
  const specFile = ["clients", name, SPEC_FILE].join("/");
  checkWritable(root, [specFile, stackFile]);
  const stray = writesProgram ? ["index.ts", "package.json"].filter((f) => exists(join(root, f))) : [];
  if (stray.length > 0)
    throw new ClientLayoutError(
      "stray_program_files",
      `export: ${dir} holds ${stray.join(" and ")} but no Pulumi.yaml: --into writes the shared program there. ` +
        "Give an empty folder, or the folder of the shared program",
    );
  const named = namedSpec(join(root, stackFile), key);
  if (named !== undefined && named !== specFile)
    throw new ClientLayoutError(
      "stack_names_other_spec",
      `export: ${stackFile} already names ${JSON.stringify(named)} (${key}): the stack ${name} is another client's. ` +
        "Pass another --name, or fix that stack file",
    );
  return { root, name, specFile, stackFile, key, writesProgram };
}

/** The client's spec, when it is already in the folder: writing over it would lose reviewed work. */
export function existingClientSpec(target: ClientTarget): string | undefined {
  const file = join(target.root, ...target.specFile.split("/"));
  return exists(file) ? file : undefined;
}

/** The stack file naming the spec: a new one, or the key added to one that has other settings. */
function stackFileText(file: string, target: ClientTarget): string | undefined {
  if (!existsSync(file)) return `config:\n  ${target.key}: ${target.specFile}\n`;
  const doc = parseDocument(readFileSync(file, "utf8"));
  if (namedSpec(file, target.key) === target.specFile) return undefined;
  // `pulumi stack init` leaves an empty file; `config set` one with a `config` map.
  if (!isMap(doc.get("config"))) doc.set("config", doc.createNode({}));
  doc.setIn(["config", target.key], target.specFile);
  return doc.toString();
}

/**
 * Writes the client's spec (over one already there only when `replace`), its stack file when it does
 * not name the spec yet, and, into a folder without one, the shared program; returns what was written
 * (relative to the program folder).
 */
export function writeClientExport(target: ClientTarget, specText: string, replace: boolean): string[] {
  const { root } = target;
  mkdirSync(join(root, "clients", target.name), { recursive: true });
  const written: string[] = [];
  const write = (file: string, text: string, over: boolean) => {
    writeOwnFile(join(root, file), text, over);
    written.push(file.split(sep).join("/"));
  };
  if (target.writesProgram)
    for (const [file, text] of Object.entries(sharedProgramFiles()))
      // A folder's own .gitignore (a repository's root, say) is the user's: left as it is.
      if (!(file === ".gitignore" && exists(join(root, file)))) write(file, text, false);
  write(target.specFile, specText, replace);
  const stackPath = join(root, target.stackFile);
  const stackText = stackFileText(stackPath, target);
  if (stackText !== undefined) write(target.stackFile, stackText, existsSync(stackPath));
  return written;
}

/** Only the organisation's id; a spec that does not read is no candidate (the merge reads it fully). */
const SpecAccount = z.looseObject({ organisation: z.looseObject({ accountId: z.number() }) });

function accountOf(client: Client): number | undefined {
  try {
    const parsed = SpecAccount.safeParse(parse(readFileSync(client.specPath, "utf8")));
    return parsed.success ? parsed.data.organisation.accountId : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The spec `export --into DIR --merge` edits: client `name` (its stack name), or else the one client
 * whose spec is about `accountId`. Checked before any request.
 */
export function clientSpecToMerge(dir: string, accountId: number, name: string | undefined): string {
  if (!holdsSharedProgram(dir))
    throw new ClientLayoutError(
      "no_such_client",
      `export: ${dir} holds no shared program (Pulumi.yaml) to merge into: run export --into ${dir} without --merge first`,
    );
  const clients = clientsOf(realpathSync(dir));
  const stacks = clients.map((c) => c.stack).join(", ") || "none";
  const chosen =
    name === undefined
      ? clients.filter((c) => accountOf(c) === accountId)
      : clients.filter((c) => c.stack === name);
  const [only, ...more] = chosen;
  if (only && more.length === 0) return only.specPath;
  if (only)
    throw new ClientLayoutError(
      "ambiguous_client",
      `export: the clients ${chosen.map((c) => c.stack).join(", ")} are all organisation ${accountId}: pass --name CLIENT to say which to merge into`,
    );
  throw new ClientLayoutError(
    "no_such_client",
    name === undefined
      ? `export: no client of ${dir} is organisation ${accountId} (the clients: ${stacks}): run export --into ${dir} without --merge to add it`
      : `export: --name ${name}: no such client in ${dir} (the clients: ${stacks})`,
  );
}
