import { parseArgs } from "node:util";
import { verdicts } from "../doctor/verdicts";
import { inspectApi } from "../doctor/inspectApi";
import { renderDoctor } from "../doctor/renderDoctor";
import { InfomaniakClient } from "../provider/api/client";
import { resolveSettings } from "../provider/api/settings";
import type { ClientSettings } from "../provider/api/settings";
import { packageInfo } from "../provider/packageInfo";
import type { CommandIo } from "./reportCommand";

/** The client `doctor` reads with: GET requests only, whatever the code asks of it. */
export function readOnlyClient(settings: ClientSettings, log?: (line: string) => void): InfomaniakClient {
  return new InfomaniakClient({ ...settings, readOnly: true }, log);
}

/**
 * `doctor`: checks, with GET requests only, every shape of the live API the provider relies on, and
 * ends with a verdict per assumption. Exits 1 when a check failed (the token, a read that errs).
 */
export async function runDoctor(args: string[], io: Pick<CommandIo, "write" | "warn">): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      account: { type: "string", multiple: true },
      "api-url": { type: "string" },
      format: { type: "string", default: "markdown" },
      "show-addresses": { type: "boolean", default: false },
    },
  });
  const accounts = values.account?.map((raw) => {
    if (!/^[1-9][0-9]*$/.test(raw)) throw new Error(`--account is a positive whole number (got "${raw}")`);
    return Number(raw);
  });
  if (values.format !== "markdown" && values.format !== "json")
    throw new Error(`--format is markdown or json (got "${values.format}")`);
  const settings = resolveSettings((key) => (key === "apiUrl" ? values["api-url"] : undefined));
  if (!settings.token)
    throw new Error("Set INFOMANIAK_TOKEN to an API token with the accounts and mail scopes");
  let requests = 0;
  const client = readOnlyClient(settings, (line) => {
    if (line.includes(" -> ")) requests++;
  });
  try {
    const inspection = await inspectApi(client, {
      ...(accounts ? { accounts } : {}),
      showAddresses: values["show-addresses"] ?? false,
      progress: (line) => io.warn(`${line}\n`),
    });
    const findings = verdicts(inspection);
    const header = { apiUrl: settings.apiUrl, version: packageInfo().version, requests };
    io.write(
      values.format === "json"
        ? `${JSON.stringify({ ...header, inspection, findings }, null, 2)}\n`
        : renderDoctor(header, inspection, findings),
    );
    return findings.some((f) => f.verdict === "failed") ? 1 : 0;
  } finally {
    await client.close();
  }
}
