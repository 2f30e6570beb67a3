import { InfomaniakClient } from "../provider/api/client";
import type { ClientSettings } from "../provider/api/settings";

/** The client of the commands that only read (`doctor`, `access`): GET requests only, whatever the code asks of it. */
export function readOnlyClient(settings: ClientSettings, log?: (line: string) => void): InfomaniakClient {
  return new InfomaniakClient({ ...settings, readOnly: true }, log);
}
