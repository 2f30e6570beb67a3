import * as pulumi from "@pulumi/pulumi";
import { InfomaniakClient } from "./api/client";
import type { ClientSettings } from "./api/settings";
import { resolveSettings, withTokenFrom } from "./api/settings";

/**
 * The provider process's one client: one connection pool, one rate limiter and one read cache for all
 * resources of a run. Settings come from the stack config the engine hands to `configure` (once per
 * resource kind, always the same config) or from the environment; never from resource inputs.
 */
let settings: ClientSettings | undefined;
/** By the variable a resource's `tokenEnv` names ("" for the stack's token): one client per token. */
const clients = new Map<string, InfomaniakClient>();

export function configureRuntime(config: (key: string) => string | undefined): void {
  const next = resolveSettings((key) => config(`infomaniak:${key}`));
  if (clients.size > 0 && JSON.stringify(next) === JSON.stringify(settings)) return;
  settings = next;
  clients.clear();
}

/**
 * The client for a resource: with the token in the variable its `tokenEnv` names (read when first
 * needed, so a run sees one token per variable), else the stack's (`infomaniak:token`, INFOMANIAK_TOKEN).
 */
export function apiClient(tokenEnv?: string): InfomaniakClient {
  const key = tokenEnv ?? "";
  let client = clients.get(key);
  if (!client) {
    settings ??= resolveSettings(() => undefined);
    const own = tokenEnv === undefined ? settings : withTokenFrom(settings, tokenEnv);
    client = new InfomaniakClient(own, (line) => void pulumi.log.debug(line));
    clients.set(key, client);
  }
  return client;
}

/** Shown in the engine's output (the provider process has no engine connection: this goes to stderr). */
export function warn(message: string): void {
  void pulumi.log.warn(message);
}
