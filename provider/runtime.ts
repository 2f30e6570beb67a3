import * as pulumi from "@pulumi/pulumi";
import { InfomaniakClient } from "./api/client";
import type { ClientSettings } from "./api/settings";
import { resolveSettings, withTokenFrom } from "./api/settings";
import type { RecoverySetting } from "./fields/recovery";
import { parseRecovery, recoveryInForce, soleRecoveryInForce } from "./fields/recovery";
import { terminalText } from "./terminalText";

/**
 * The provider process's one client: one connection pool, one rate limiter and one read cache for all
 * resources of a run. Settings come from the stack config the engine hands to `configure` (once per
 * resource kind, always the same config) or from the environment; never from resource inputs.
 */
let settings: ClientSettings | undefined;
/** By the variable a resource's `tokenEnv` names ("" for the stack's token): one client per token. */
const clients = new Map<string, InfomaniakClient>();

/** The setting `recover` left (`infomaniak:recovery`, else its file in the program folder), when in force. */
let recovery: RecoverySetting | undefined;

export function configureRuntime(config: (key: string) => string | undefined): void {
  try {
    recovery = parseRecovery(config("infomaniak:recovery")) ?? soleRecoveryInForce(process.cwd(), Date.now());
  } catch {
    // The program refuses an invalid setting with its message before any resource reaches here.
    recovery = undefined;
  }
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

/** The recovery after an interrupted run that this run may finish (see RecoverySetting), if in force. */
export function recoveryInForceNow(): RecoverySetting | undefined {
  return recovery && recoveryInForce(recovery, Date.now()) ? recovery : undefined;
}

/**
 * Shown in the engine's output (the provider process has no engine connection: this goes to stderr).
 * Warnings name people, mailboxes and teams as the API gives them: one line, controls shown as text.
 */
export function warn(message: string): void {
  void pulumi.log.warn(terminalText(message));
}
