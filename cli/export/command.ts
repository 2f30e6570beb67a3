import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { z } from "zod";
import { exportOrganisation } from "./exportOrganisation";
import type { MergeChange } from "./mergeExport";
import { changeLine, mergeableSpec, mergeExport, MergeError } from "./mergeExport";
import type { LeftOut } from "./leftOut";
import { LEFT_OUT_EXIT_CODE, leftOutLine } from "./leftOut";
import type { ClientTarget } from "./clientLayout";
import {
  clientSpecToMerge,
  clientTarget,
  existingClientSpec,
  holdsSharedProgram,
  writeClientExport,
} from "./clientLayout";
import { checkWritable } from "../shared/safeWrite";
import {
  existingExportFiles,
  exportedSpecText,
  MERGE_FILES,
  slugOf,
  SPEC_FILE,
  writeExport,
  writeMergedSpec,
} from "./writeExport";
import { InfomaniakClient } from "../../provider/api/client";
import { utcToday } from "../../provider/fields/review";
import { commandSettings } from "../shared/commandClient";
import { hostingEntries, OrganisationSpec } from "../../sdk/organisationSpec/schema";
import type { CommandSpec, OptionValues } from "../shared/options";
import { API_URL_OPTION, OptionError, parseOptions, PositiveWholeNumber } from "../shared/options";
import type { CommandIo } from "../report/command";
import { terminalLines } from "../shared/terminalLines";

/** The spec's rule for its name, applied before any request: the spec is only validated once written. */
const SpecName = z
  .string()
  .refine((name) => OrganisationSpec.shape.organisation.shape.name.safeParse(name).success, {
    error: "must be a slug: lowercase letters, digits and -, such as acme",
  });

export const EXPORT_COMMAND = {
  name: "export",
  summary: "Write a spec that adopts an organisation's members and its mail hostings' sharing.",
  details: [
    "Reads them with the token in INFOMANIAK_TOKEN and writes a spec, every entry with adopt: true.",
    "--into DIR: as one client of a program folder (clients/<name>/organisation.yaml and the stack file",
    "Pulumi.<name>.yaml naming it, as plan reads them); into a folder without Pulumi.yaml, the shared",
    "program too. The default when the current folder, or --out, holds the shared program.",
    "--out DIR: a project of this organisation alone (the spec, its program and Pulumi project).",
    "With --merge, updates the spec already there instead: reviewed fields, modes, states and comments",
    "stay; new access is added for review, what is gone is removed; one line per change on stdout.",
    "Progress goes to stderr.",
    "An entry the spec cannot represent (a mailbox name or address it does not allow) is left out, with a",
    `line on stderr and a comment in the spec; the command then exits ${LEFT_OUT_EXIT_CODE} (everything else is written).`,
  ].join("\n"),
  options: {
    account: {
      type: "string",
      value: "N",
      required: true,
      schema: PositiveWholeNumber,
      help: "the organisation's id",
    },
    "mail-hosting": {
      type: "string",
      value: "N",
      schema: PositiveWholeNumber,
      defaultText: "every mail hosting of the organisation",
      help: "the one mail hosting whose mailboxes are exported",
    },
    into: {
      type: "string",
      value: "DIR",
      defaultText: "the current folder, when it holds the shared program",
      help: "the program folder of every client: this organisation becomes its client --name",
    },
    out: {
      type: "string",
      value: "DIR",
      help: "a project of its own: where the spec and its program are written",
    },
    force: {
      type: "boolean",
      help: "write over an export already in --out (its reasons, owners and dates are lost)",
    },
    merge: {
      type: "boolean",
      help: "update the spec already in --out from the organisation, keeping what people reviewed",
    },
    name: {
      type: "string",
      value: "SLUG",
      defaultText: "the organisation's name as a slug (Muster AG: muster-ag)",
      schema: SpecName,
      help: "the spec's organisation name, which prefixes every resource name; with --into, the client's (its stack and folder)",
    },
    "api-url": API_URL_OPTION,
  },
} as const satisfies CommandSpec;

/** The spec's name when none is given: the organisation's name as a slug, else `org-<account>`. */
async function defaultName(client: InfomaniakClient, accountId: number): Promise<string> {
  const account = (await client.organisation.listAccounts()).find((a) => a.id === accountId);
  return (account && slugOf(account.name)) ?? `org-${accountId}`;
}

/** Where an export goes: a project of its own (`--out`), or a client of a program folder (`--into`). */
type ExportTarget = { layout: "project"; dir: string } | { layout: "clients"; dir: string };

/**
 * `--into`, or `--out` unless that folder (or, with neither, the current one) holds the shared
 * program: exporting a project of its own there would write over the program every client runs.
 */
function exportTarget(values: ExportValues, warn: (line: string) => void): ExportTarget {
  if (values.into !== undefined && values.out !== undefined)
    throw new OptionError(
      "bad_value",
      "export: --into and --out are two layouts: pass --into DIR (a client of a program folder) or --out DIR (a project of its own)",
    );
  if (values.into !== undefined) return { layout: "clients", dir: resolve(values.into) };
  if (values.out === undefined) {
    if (holdsSharedProgram(".")) return { layout: "clients", dir: resolve(".") };
    throw new OptionError(
      "missing_option",
      "export: --into DIR or --out DIR is required: --into for a program folder with a stack per client (what plan reads), --out for a project of this organisation alone",
    );
  }
  const dir = resolve(values.out);
  if (!holdsSharedProgram(dir)) return { layout: "project", dir };
  warn(
    `${values.out} holds the shared program of clients: exporting as one of its clients (--into ${values.out})`,
  );
  return { layout: "clients", dir };
}

/**
 * `export --account N [--mail-hosting N] (--into DIR | --out DIR)`: reads the organisation through the
 * API (token from INFOMANIAK_TOKEN, never a flag: flags end up in shell history) and writes a spec
 * that adopts it.
 */
export async function runExport(args: string[], io: Pick<CommandIo, "write" | "warn">): Promise<number> {
  const values = parseOptions(EXPORT_COMMAND, args);
  const target = exportTarget(values, terminalLines(io.warn));
  if (values.merge) return runMerge(values, target, io);
  const out = target.dir;
  if (target.layout === "project") {
    const existing = existingExportFiles(out);
    if (existing.length > 0 && !values.force)
      throw new Error(
        `${out} already holds ${existing.join(", ")}: writing over them would lose the spec's reasons, owners and review dates. Export into another folder and compare, or pass --force to replace them`,
      );
  }
  // Named, the client's files are checked before any request; else once its name is read.
  const early =
    target.layout === "clients" && values.name !== undefined
      ? clientToWrite(out, values.name, values.force)
      : undefined;
  const client = new InfomaniakClient(commandSettings(values["api-url"]));
  const warnLine = terminalLines(io.warn);
  try {
    const name = values.name ?? (await defaultName(client, values.account));
    const clientFiles =
      target.layout === "clients" ? (early ?? clientToWrite(out, name, values.force)) : undefined;
    const today = utcToday();
    const { spec, skipped, leftOut } = await exportOrganisation(client, {
      ...readScope(values),
      name,
      today,
      progress: warnLine,
    });
    const file = clientFiles
      ? writeClient(
          clientFiles,
          exportedSpecText(spec, today, leftOut, join(out, clientFiles.specFile)),
          values.force,
          io.write,
        )
      : writeExport(out, spec, today, { replace: values.force === true, leftOut });
    warnNotExported(warnLine, skipped, leftOut);
    io.write(`${exportSummary(file, spec, leftOut)}\n`);
    if (clientFiles) io.write(nextStep(clientFiles, values.into ?? values.out ?? "."));
    return leftOut.length > 0 ? LEFT_OUT_EXIT_CODE : 0;
  } finally {
    await client.close();
  }
}

/** The organisation and mail hosting the export reads. */
function readScope(values: ExportValues): { accountId: number; mailHostingId?: number } {
  const mailHostingId = values["mail-hosting"];
  return { accountId: values.account, ...(mailHostingId === undefined ? {} : { mailHostingId }) };
}

/** The spec's counts, as the export's line on stdout says them. */
function exportSummary(file: string, spec: OrganisationSpec, leftOut: readonly LeftOut[]): string {
  const hostings = hostingEntries(spec);
  const mailboxes = hostings.flatMap((h) => h.mailboxes);
  const grants = mailboxes.reduce((n, m) => n + m.grants.length, 0);
  const invitations = mailboxes.reduce((n, m) => n + m.invitations.length, 0);
  return `Wrote ${file}: ${spec.members.length} members, ${hostings.length} mail hosting${hostings.length === 1 ? "" : "s"}, ${mailboxes.length} mailboxes, ${grants} grants, ${invitations} invitations (all with adopt: true)${leftOut.length > 0 ? `; ${leftOut.length} left out (see the spec's first comment)` : ""}.`;
}

/** A client's files, refused when its spec is there already (reviewed work) unless forced. */
function clientToWrite(dir: string, name: string, force: boolean): ClientTarget {
  const target = clientTarget(dir, name);
  const existing = existingClientSpec(target);
  if (existing !== undefined && !force)
    throw new Error(
      `${existing} already holds client ${name}'s spec: writing over it would lose its reasons, owners and review dates. Update it with --merge, or pass --force to replace it`,
    );
  return target;
}

/** Writes the client's files; returns its spec's path. */
function writeClient(
  target: ClientTarget,
  text: string,
  force: boolean,
  write: (text: string) => void,
): string {
  const written = writeClientExport(target, text, force);
  const others = written.filter((f) => f !== target.specFile);
  if (others.length > 0) write(`Wrote ${others.join(", ")} in ${target.root}.\n`);
  return join(target.root, target.specFile);
}

/** What to run before the client's first preview: its stack, which the stack file alone does not make. */
function nextStep(target: ClientTarget, dir: string): string {
  const cd = dir === "." ? "" : `cd ${dir} && `;
  return `Client ${target.name}: ${target.stackFile} names ${target.specFile}. Create its stack before its first preview: ${cd}pulumi stack init ${target.name}\n`;
}

type ExportValues = OptionValues<(typeof EXPORT_COMMAND)["options"]>;

/** What was not exported, one line each on stderr (hostile names escaped: they come from the API). */
function warnNotExported(
  warnLine: (line: string) => void,
  skipped: string[],
  leftOut: readonly LeftOut[],
): void {
  for (const reason of skipped) warnLine(`Not exported: ${reason}`);
  for (const entry of leftOut) warnLine(`Left out (the spec cannot represent it): ${leftOutLine(entry)}`);
}

/**
 * What `--merge` starts from, checked before any request: no flag that contradicts it, and a valid
 * spec of this organisation where the target keeps it.
 */
function specToMerge(
  values: ExportValues,
  target: ExportTarget,
): { file: string; text: string; name: string } {
  if (values.force)
    throw new MergeError(
      `export: --merge keeps the reviewed spec in --${target.layout === "project" ? "out" : "into"} and --force replaces it: pass one or the other`,
    );
  if (target.layout === "project" && values.name !== undefined)
    throw new MergeError(
      "export: --merge keeps the spec's own organisation name: renaming it would replace every resource of the stack. Drop --name",
    );
  const file =
    target.layout === "project"
      ? join(target.dir, SPEC_FILE)
      : clientSpecToMerge(target.dir, values.account, values.name);
  // Neither the spec nor the file renamed over it may be a link (refused before any request).
  checkWritable(dirname(file), MERGE_FILES);
  if (!existsSync(file))
    throw new MergeError(
      `export: ${file} does not exist: --merge updates an export already there. Run export without --merge to write one`,
    );
  const text = readFileSync(file, "utf8");
  const spec = mergeableSpec(text, file, values.account);
  return { file, text, name: spec.organisation.name };
}

function mergeSummary(file: string, changes: readonly MergeChange[], edited: boolean): string {
  const count = (kind: MergeChange["kind"]) => changes.filter((c) => c.kind === kind).length;
  const kept = count("kept");
  const notes = kept === 0 ? "" : `; ${kept} kept as the file has ${kept === 1 ? "it" : "them"} (see above)`;
  if (!edited) return `${file} already matches the organisation: left as it is${notes}.\n`;
  return `Merged into ${file}: ${count("added")} added (adopt: true, reasons and owners to replace), ${count("removed")} removed, ${count("changed")} changed${notes}. Review the diff before up.\n`;
}

/**
 * `export --merge`: reads the organisation as export does and merges it into the spec in --out (only
 * that file is written: its program and project are the user's by now).
 */
async function runMerge(
  values: ExportValues,
  target: ExportTarget,
  io: Pick<CommandIo, "write" | "warn">,
): Promise<number> {
  const { file, text, name } = specToMerge(values, target);
  const client = new InfomaniakClient(commandSettings(values["api-url"]));
  const warnLine = terminalLines(io.warn);
  try {
    const { spec, skipped, leftOut, families } = await exportOrganisation(client, {
      ...readScope(values),
      name,
      today: utcToday(),
      progress: warnLine,
    });
    const merged = mergeExport({
      text,
      file,
      live: spec,
      families,
      allHostings: values["mail-hosting"] === undefined,
    });
    warnNotExported(warnLine, skipped, leftOut);
    // What was left out looks gone to the merge, which could remove it from the reviewed spec (and
    // the next up would revoke it): an edit is not written then.
    if (leftOut.length > 0 && merged.edited) {
      warnLine(`Nothing written to ${file}: entries were left out, and the merge could remove them from it`);
      return LEFT_OUT_EXIT_CODE;
    }
    if (merged.edited) writeMergedSpec(file, merged.text);
    for (const change of merged.changes) terminalLines(io.write)(changeLine(change));
    io.write(mergeSummary(file, merged.changes, merged.edited));
    return leftOut.length > 0 ? LEFT_OUT_EXIT_CODE : 0;
  } finally {
    await client.close();
  }
}
