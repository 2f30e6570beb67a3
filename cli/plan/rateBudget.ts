import type { Client } from "./clients";
import { tokenEnvOf } from "./previewClient";

/** The provider's default budget (requests a minute per token) when the environment sets none. */
const DEFAULT_REQUESTS_PER_MINUTE = 60;

/**
 * The token a client's preview uses, by value: two variables holding the same token share its
 * budget. Tokens in stack config are not seen here: those clients count as sharing one (fewer
 * requests a minute, never more).
 */
function tokenOf(client: Client, env: NodeJS.ProcessEnv): string {
  return env[tokenEnvOf(client.specPath) ?? "INFOMANIAK_TOKEN"] ?? "";
}

/**
 * Each client's environment for a preview that runs beside `parallel - 1` others. A client with a
 * token of its own keeps the whole budget; clients sharing a token split it (Infomaniak counts
 * requests per token, and each provider process only knows its own), by as many of them as can
 * run at once. A budget set in a stack's config (`infomaniak:requestsPerMinute`) wins over this.
 */
export function previewEnvs(
  clients: readonly Client[],
  env: NodeJS.ProcessEnv,
  parallel: number,
): Map<string, NodeJS.ProcessEnv> {
  const tokens = clients.map((c) => tokenOf(c, env));
  const configured = env["INFOMANIAK_REQUESTS_PER_MINUTE"];
  // A malformed setting is left for the provider to refuse, naming it.
  const readable = configured === undefined || /^[1-9][0-9]*$/.test(configured);
  const budget = configured === undefined ? DEFAULT_REQUESTS_PER_MINUTE : Number(configured);
  return new Map(
    clients.map((client, i) => {
      const sharing = Math.min(parallel, tokens.filter((t) => t === tokens[i]).length);
      if (sharing === 1 || !readable) return [client.stack, env];
      return [
        client.stack,
        { ...env, INFOMANIAK_REQUESTS_PER_MINUTE: String(Math.max(1, Math.floor(budget / sharing))) },
      ];
    }),
  );
}
