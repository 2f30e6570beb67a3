import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { exportOrganisation } from "../exporter/exportOrganisation";
import { writeExport } from "../exporter/writeExport";
import { InfomaniakClient } from "../provider/api/client";
import { resolveSettings } from "../provider/api/settings";
import type { CommandIo } from "./reportCommand";

function positive(value: string | undefined, flag: string): number {
  if (!value || !/^[1-9][0-9]*$/.test(value))
    throw new Error(`--${flag} is required: a positive whole number`);
  return Number(value);
}

/**
 * `export --account N --mail-hosting N --out DIR`: reads the organisation through the API (token from
 * INFOMANIAK_TOKEN, never a flag: flags end up in shell history) and writes a spec that adopts it.
 */
export async function runExport(args: string[], io: Pick<CommandIo, "write" | "warn">): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      account: { type: "string" },
      "mail-hosting": { type: "string" },
      out: { type: "string" },
      name: { type: "string" },
      "api-url": { type: "string" },
    },
  });
  const accountId = positive(values.account, "account");
  const mailHostingId = positive(values["mail-hosting"], "mail-hosting");
  if (!values.out) throw new Error("--out DIR is required: where the spec and its program are written");
  const settings = resolveSettings((key) => (key === "apiUrl" ? values["api-url"] : undefined));
  if (!settings.token)
    throw new Error("Set INFOMANIAK_TOKEN to an API token with the accounts and mail scopes");
  const client = new InfomaniakClient(settings);
  try {
    const today = new Date().toISOString().slice(0, 10);
    const { spec, skipped } = await exportOrganisation(client, {
      accountId,
      mailHostingId,
      name: values.name ?? `org-${accountId}`,
      today,
      progress: (text) => io.warn(`${text}\n`),
    });
    const file = writeExport(resolve(values.out), spec, today);
    for (const reason of skipped) io.warn(`Not exported: ${reason}\n`);
    const grants = spec.mailboxes.reduce((n, m) => n + m.grants.length, 0);
    const invitations = spec.mailboxes.reduce((n, m) => n + m.invitations.length, 0);
    io.write(
      `Wrote ${file}: ${spec.members.length} members, ${spec.mailboxes.length} mailboxes, ${grants} grants, ${invitations} invitations (all with adopt: true).\n`,
    );
    return 0;
  } finally {
    await client.close();
  }
}
