import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { z } from "zod";
import { exportOrganisation } from "./exportOrganisation";
import type { MergeChange } from "./mergeExport";
import { changeLine, mergeableSpec, mergeExport, MergeError } from "./mergeExport";
import type { LeftOut } from "./leftOut";
import { LEFT_OUT_EXIT_CODE, leftOutLine } from "./leftOut";
import { checkWritable } from "../shared/safeWrite";
import {
  existingExportFiles,
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
import { API_URL_OPTION, parseOptions, PositiveWholeNumber } from "../shared/options";
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
    "Reads them with the token in INFOMANIAK_TOKEN and writes DIR/organisation.yaml, every entry with",
    "adopt: true, plus the program and Pulumi project that use it. Progress goes to stderr.",
    "With --merge, updates the spec already in DIR instead: reviewed fields, modes, states and comments",
    "stay; new access is added for review, what is gone is removed; one line per change on stdout.",
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
    out: { type: "string", value: "DIR", required: true, help: "where the spec and its program are written" },
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
      help: "the spec's organisation name, which prefixes every resource name",
    },
    "api-url": API_URL_OPTION,
  },
} as const satisfies CommandSpec;

/** The spec's name when none is given: the organisation's name as a slug, else `org-<account>`. */
async function defaultName(client: InfomaniakClient, accountId: number): Promise<string> {
  const account = (await client.organisation.listAccounts()).find((a) => a.id === accountId);
  return (account && slugOf(account.name)) ?? `org-${accountId}`;
}

/**
 * `export --account N [--mail-hosting N] --out DIR`: reads the organisation through the API (token from
 * INFOMANIAK_TOKEN, never a flag: flags end up in shell history) and writes a spec that adopts it.
 */
export async function runExport(args: string[], io: Pick<CommandIo, "write" | "warn">): Promise<number> {
  const values = parseOptions(EXPORT_COMMAND, args);
  if (values.merge) return runMerge(values, io);
  const { account: accountId, "mail-hosting": mailHostingId } = values;
  const settings = commandSettings(values["api-url"]);
  const out = resolve(values.out);
  const existing = existingExportFiles(out);
  if (existing.length > 0 && !values.force)
    throw new Error(
      `${out} already holds ${existing.join(", ")}: writing over them would lose the spec's reasons, owners and review dates. Export into another folder and compare, or pass --force to replace them`,
    );
  const client = new InfomaniakClient(settings);
  const warnLine = terminalLines(io.warn);
  try {
    const today = utcToday();
    const { spec, skipped, leftOut } = await exportOrganisation(client, {
      accountId,
      ...(mailHostingId === undefined ? {} : { mailHostingId }),
      name: values.name ?? (await defaultName(client, accountId)),
      today,
      progress: warnLine,
    });
    const file = writeExport(out, spec, today, { replace: values.force === true, leftOut });
    warnNotExported(warnLine, skipped, leftOut);
    const hostings = hostingEntries(spec);
    const mailboxes = hostings.flatMap((h) => h.mailboxes);
    const grants = mailboxes.reduce((n, m) => n + m.grants.length, 0);
    const invitations = mailboxes.reduce((n, m) => n + m.invitations.length, 0);
    io.write(
      `Wrote ${file}: ${spec.members.length} members, ${hostings.length} mail hosting${hostings.length === 1 ? "" : "s"}, ${mailboxes.length} mailboxes, ${grants} grants, ${invitations} invitations (all with adopt: true)${leftOut.length > 0 ? `; ${leftOut.length} left out (see the spec's first comment)` : ""}.\n`,
    );
    return leftOut.length > 0 ? LEFT_OUT_EXIT_CODE : 0;
  } finally {
    await client.close();
  }
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
 * spec of this organisation in --out.
 */
function specToMerge(values: ExportValues): { file: string; text: string; name: string } {
  if (values.force)
    throw new MergeError(
      "export: --merge keeps the reviewed spec in --out and --force replaces it: pass one or the other",
    );
  if (values.name !== undefined)
    throw new MergeError(
      "export: --merge keeps the spec's own organisation name: renaming it would replace every resource of the stack. Drop --name",
    );
  const dir = resolve(values.out);
  // Neither the spec nor the file renamed over it may be a link (refused before any request).
  checkWritable(dir, MERGE_FILES);
  const file = join(dir, SPEC_FILE);
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
async function runMerge(values: ExportValues, io: Pick<CommandIo, "write" | "warn">): Promise<number> {
  const { file, text, name } = specToMerge(values);
  const mailHostingId = values["mail-hosting"];
  const client = new InfomaniakClient(commandSettings(values["api-url"]));
  const warnLine = terminalLines(io.warn);
  try {
    const { spec, skipped, leftOut, families } = await exportOrganisation(client, {
      accountId: values.account,
      ...(mailHostingId === undefined ? {} : { mailHostingId }),
      name,
      today: utcToday(),
      progress: warnLine,
    });
    const merged = mergeExport({
      text,
      file,
      live: spec,
      families,
      allHostings: mailHostingId === undefined,
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
