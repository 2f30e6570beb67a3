import { verdicts } from "./verdicts";
import { inspectApi } from "./inspectApi";
import { renderDoctor } from "./renderDoctor";
import { packageInfo } from "../../provider/packageInfo";
import type { CommandSpec } from "../shared/options";
import { accountsOption, API_URL_OPTION, MARKDOWN_OR_JSON, parseOptions } from "../shared/options";
import { commandSettings, readOnlyClient } from "../shared/commandClient";
import type { CommandIo } from "../report/command";
import { terminalLines } from "../shared/terminalLines";

export const DOCTOR_COMMAND = {
  name: "doctor",
  summary: "Check, with GET requests only, that the live API answers as the provider assumes.",
  details: [
    "With the token in INFOMANIAK_TOKEN: organisations, members, mail hostings, access families, one",
    "mailbox listing per mail hosting, rate-limit headers; a verdict per assumption. Run it first with a",
    "real account. Exits 1 when a check failed.",
  ].join("\n"),
  options: {
    account: accountsOption("an organisation to check"),
    "api-url": API_URL_OPTION,
    format: { type: "string", ...MARKDOWN_OR_JSON, default: "markdown", help: "the verdicts' format" },
    "show-addresses": { type: "boolean", help: "print e-mail addresses (left out otherwise)" },
  },
} as const satisfies CommandSpec;

/**
 * `doctor`: checks, with GET requests only, every shape of the live API the provider relies on, and
 * ends with a verdict per assumption. Exits 1 when a check failed (the token, a read that errs).
 */
export async function runDoctor(args: string[], io: Pick<CommandIo, "write" | "warn">): Promise<number> {
  const values = parseOptions(DOCTOR_COMMAND, args);
  const settings = commandSettings(values["api-url"]);
  const { client, requests } = readOnlyClient(settings);
  try {
    const inspection = await inspectApi(client, {
      ...(values.account ? { accounts: values.account } : {}),
      showAddresses: values["show-addresses"],
      progress: terminalLines(io.warn),
    });
    const findings = verdicts(inspection);
    const header = { apiUrl: settings.apiUrl, version: packageInfo().version, requests: requests() };
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
