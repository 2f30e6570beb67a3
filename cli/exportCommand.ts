import { resolve } from "node:path";
import { z } from "zod";
import { exportOrganisation } from "../exporter/exportOrganisation";
import { existingExportFiles, slugOf, writeExport } from "../exporter/writeExport";
import { InfomaniakClient } from "../provider/api/client";
import { utcToday } from "../provider/fields/review";
import { commandSettings } from "./commandClient";
import { hostingEntries, OrganisationSpec } from "../sdk/organisationSpec/schema";
import type { CommandSpec } from "./options";
import { API_URL_OPTION, parseOptions, PositiveWholeNumber } from "./options";
import type { CommandIo } from "./reportCommand";

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
  const { account: accountId, "mail-hosting": mailHostingId } = values;
  const settings = commandSettings(values["api-url"]);
  const out = resolve(values.out);
  const existing = existingExportFiles(out);
  if (existing.length > 0 && !values.force)
    throw new Error(
      `${out} already holds ${existing.join(", ")}: writing over them would lose the spec's reasons, owners and review dates. Export into another folder and compare, or pass --force to replace them`,
    );
  const client = new InfomaniakClient(settings);
  try {
    const today = utcToday();
    const { spec, skipped } = await exportOrganisation(client, {
      accountId,
      ...(mailHostingId === undefined ? {} : { mailHostingId }),
      name: values.name ?? (await defaultName(client, accountId)),
      today,
      progress: (text) => io.warn(`${text}\n`),
    });
    const file = writeExport(out, spec, today);
    for (const reason of skipped) io.warn(`Not exported: ${reason}\n`);
    const hostings = hostingEntries(spec);
    const mailboxes = hostings.flatMap((h) => h.mailboxes);
    const grants = mailboxes.reduce((n, m) => n + m.grants.length, 0);
    const invitations = mailboxes.reduce((n, m) => n + m.invitations.length, 0);
    io.write(
      `Wrote ${file}: ${spec.members.length} members, ${hostings.length} mail hosting${hostings.length === 1 ? "" : "s"}, ${mailboxes.length} mailboxes, ${grants} grants, ${invitations} invitations (all with adopt: true).\n`,
    );
    return 0;
  } finally {
    await client.close();
  }
}
