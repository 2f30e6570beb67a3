import { InfomaniakClient } from "../../provider/api/client";
import { resolveSettings } from "../../provider/api/settings";
import type { ClientSettings } from "../../provider/api/settings";

/**
 * The settings of a command that talks to the API (`export`, `doctor`, `access`): `--api-url` (else
 * INFOMANIAK_HOST) and the token from INFOMANIAK_TOKEN, never a flag (flags end up in shell history).
 */
export function commandSettings(apiUrl: string | undefined): ClientSettings {
  const settings = resolveSettings((key) => (key === "apiUrl" ? apiUrl : undefined));
  if (!settings.token)
    throw new Error("Set INFOMANIAK_TOKEN to an API token with the accounts and mail scopes");
  return settings;
}

/**
 * The client of the commands that only read (`doctor`, `access`): GET requests only, whatever the code
 * asks of it, and how many it sent.
 */
export function readOnlyClient(settings: ClientSettings): {
  client: InfomaniakClient;
  requests: () => number;
} {
  let requests = 0;
  const client = new InfomaniakClient({ ...settings, readOnly: true }, (line) => {
    if (line.includes(" -> ")) requests++;
  });
  return { client, requests: () => requests };
}
