import * as pulumi from "@pulumi/pulumi";
import { InfomaniakClient } from "./api/client";
import type { ClientSettings } from "./api/settings";
import { resolveSettings } from "./api/settings";

/**
 * The provider process's one client: one connection pool, one rate limiter and one read cache for all
 * resources of a run. Settings come from the stack config the engine hands to `configure` (once per
 * resource kind, always the same config) or from the environment; never from resource inputs.
 */
let settings: ClientSettings | undefined;
let client: InfomaniakClient | undefined;

export function configureRuntime(config: (key: string) => string | undefined): void {
  const next = resolveSettings((key) => config(`infomaniak:${key}`));
  if (client && JSON.stringify(next) === JSON.stringify(settings)) return;
  settings = next;
  client = undefined;
}

export function apiClient(): InfomaniakClient {
  if (!client) {
    settings ??= resolveSettings(() => undefined);
    client = new InfomaniakClient(settings, (line) => void pulumi.log.debug(line));
  }
  return client;
}

/** Shown in the engine's output (the provider process has no engine connection: this goes to stderr). */
export function warn(message: string): void {
  void pulumi.log.warn(message);
}
