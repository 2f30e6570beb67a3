import { lstatSync, mkdirSync, renameSync } from "node:fs";
import { dirname, join } from "node:path";
import { stringify } from "yaml";
import { packageInfo } from "../../provider/packageInfo";
import { parseOrganisationSpec } from "../../sdk/organisationSpec/load";
import type { OrganisationSpec } from "../../sdk/organisationSpec/schema";
import type { LeftOut } from "./leftOut";
import { leftOutComment } from "./leftOut";
import { checkWritable, writeOwnFile } from "../shared/safeWrite";

export const SPEC_FILE = "organisation.yaml";

/** The files an export writes into its folder. */
export const EXPORT_FILES = [SPEC_FILE, "index.ts", "Pulumi.yaml", "package.json"] as const;

/**
 * The export's files that already exist in `dir` (a link counts, whatever it points to): writing over
 * them would lose reviewed work (the spec's reasons, owners and dates), so the command refuses unless
 * forced, before any request. Throws an UnsafeWriteError first when one of them is a link, or a file
 * that is not a regular one of ours: refused even when forced.
 */
export function existingExportFiles(dir: string): string[] {
  const root = checkWritable(dir, EXPORT_FILES);
  return EXPORT_FILES.filter((file) => {
    try {
      return lstatSync(join(root, file)) !== undefined;
    } catch {
      return false;
    }
  });
}

/** A spec name (a slug) from an organisation's name: `Muster AG` → `muster-ag`; undefined when nothing is left. */
export function slugOf(name: string): string | undefined {
  const slug = name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 63)
    .replace(/-+$/, "");
  return slug === "" ? undefined : slug;
}

function header(spec: OrganisationSpec, today: string): string {
  const { accountId, mailHostingId } = spec.organisation;
  const hostings = [mailHostingId, ...spec.mailHostings.map((h) => h.mailHostingId)];
  return [
    `# Exported on ${today} from organisation ${accountId}, mail hosting${hostings.length > 1 ? "s" : ""} ${hostings.join(", ")}.`,
    "# Every entry adopts what exists: a first `pulumi up` takes it over without changing anything.",
    "# Before merging, replace each reason and owner; a mailbox's mode can move to report-only, then",
    "# authoritative, once its list is complete.",
    "",
  ].join("\n");
}

function program(): string {
  return [
    'import { join } from "node:path";',
    'import { Organisation } from "pulumi-infomaniak-mailbox";',
    "",
    `// The organisation as ${SPEC_FILE} declares it.`,
    "export = () => {",
    `  new Organisation({ spec: join(__dirname, "${SPEC_FILE}") });`,
    "};",
    "",
  ].join("\n");
}

/**
 * A program folder's own package.json: Pulumi's Node.js runtime runs its `main`, this folder's
 * program (not a package.json up the tree).
 */
export function manifest(name: string, description?: string): string {
  const { version, peerPulumi } = packageInfo();
  return `${JSON.stringify(
    {
      name,
      private: true,
      ...(description === undefined ? {} : { description }),
      main: "index.ts",
      dependencies: { "@pulumi/pulumi": peerPulumi, "pulumi-infomaniak-mailbox": `^${version}` },
    },
    null,
    2,
  )}\n`;
}

function project(spec: OrganisationSpec): string {
  return [
    `name: ${spec.organisation.name}-mailboxes`,
    `description: Mailbox sharing of organisation ${spec.organisation.accountId} (exported).`,
    "runtime:",
    "  name: nodejs",
    "  options:",
    "    typescript: true",
    "",
  ].join("\n");
}

/**
 * The spec file's text as an export writes it (its header, what was left out, the spec), read back
 * through the spec's own validation as `file`, where it will be written.
 */
export function exportedSpecText(
  spec: OrganisationSpec,
  today: string,
  leftOut: readonly LeftOut[],
  file: string,
): string {
  // A one-hosting organisation's spec has no mailHostings list.
  const { mailHostings, ...rest } = spec;
  const written = mailHostings.length > 0 ? spec : rest;
  const text = header(spec, today) + leftOutComment(leftOut) + stringify(written, { lineWidth: 110 });
  parseOrganisationSpec(text, file);
  return text;
}

/**
 * Writes the spec, a program that uses it and its Pulumi project into `dir` (over files already there
 * only when `replace`, and never through a link); returns the spec file's path. What was left out is
 * said in a comment at the top of the spec. The written text is read back through the spec's own
 * validation first.
 */
export function writeExport(
  dir: string,
  spec: OrganisationSpec,
  today: string,
  options: { replace?: boolean; leftOut?: readonly LeftOut[] } = {},
): string {
  const replace = options.replace === true;
  const text = exportedSpecText(spec, today, options.leftOut ?? [], join(dir, SPEC_FILE));
  mkdirSync(dir, { recursive: true });
  const root = checkWritable(dir, EXPORT_FILES);
  const file = join(root, SPEC_FILE);
  writeOwnFile(file, text, replace);
  writeOwnFile(join(root, "index.ts"), program(), replace);
  writeOwnFile(join(root, "Pulumi.yaml"), project(spec), replace);
  writeOwnFile(join(root, "package.json"), manifest(`${spec.organisation.name}-mailboxes`), replace);
  return file;
}

/** The files a merge writes beside the reviewed spec: the spec, through a file renamed over it. */
export const MERGE_FILES = [SPEC_FILE, `${SPEC_FILE}.merging`] as const;

/**
 * Writes a merged spec over the reviewed one (its other export files are left alone): through a file
 * beside it and a rename, so that an interrupted write never leaves half a spec in its place. Neither
 * may be a link (checked before the merge's requests too, with `checkWritable(dir, MERGE_FILES)`).
 */
export function writeMergedSpec(file: string, text: string): void {
  const root = checkWritable(dirname(file), MERGE_FILES);
  const next = join(root, `${SPEC_FILE}.merging`);
  writeOwnFile(next, text, true);
  renameSync(next, join(root, SPEC_FILE));
}
