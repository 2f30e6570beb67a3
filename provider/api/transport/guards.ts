import { CLIENT_ERROR_CODES, InfomaniakApiError } from "../errors";
import type { ClientSettings } from "../settings";
import type { Send } from "./call";
import { endpointOf } from "./call";

/**
 * A read-only client (what `doctor` uses): any method but GET is refused before it is queued or sent.
 */
export function refuseWrites(send: Send): Send {
  return async (call) => {
    if (call.method === "GET") return send(call);
    throw new InfomaniakApiError(
      endpointOf(call),
      undefined,
      CLIENT_ERROR_CODES.readOnly,
      "this command only reads: a request that could change the organisation was refused before it was sent",
    );
  };
}

/**
 * Calls go on only with a token, read when each call starts; without one, the error says how to set
 * it, before anything is queued or sent.
 */
export function requireToken(
  settings: Pick<ClientSettings, "token" | "tokenEnv">,
  withToken: (token: string) => Send,
): Send {
  return async (call) => {
    const token = settings.token;
    if (token) return withToken(token)(call);
    throw new InfomaniakApiError(
      endpointOf(call),
      undefined,
      CLIENT_ERROR_CODES.missingToken,
      settings.tokenEnv
        ? `No Infomaniak API token in ${settings.tokenEnv} (the variable this organisation's tokenEnv names): set it to the organisation's API token`
        : "No Infomaniak API token: run `pulumi config set --secret infomaniak:token <token>` or set INFOMANIAK_TOKEN",
    );
  };
}
