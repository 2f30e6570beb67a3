import { z } from "zod";

/**
 * Where the client sends requests and with which token. From stack config (`infomaniak:token` as a
 * secret, `infomaniak:apiUrl`, `infomaniak:requestsPerMinute`) or the environment (`INFOMANIAK_TOKEN`,
 * `INFOMANIAK_HOST`, the convention of Infomaniak's own Terraform provider). Never a resource input.
 */
export interface ClientSettings {
  apiUrl: string;
  token: string | undefined;
  /**
   * The environment variable the token was read from: the one a resource's `tokenEnv` names, or
   * INFOMANIAK_TOKEN when stack config holds no token. Undefined for `infomaniak:token`.
   */
  tokenEnv?: string;
  requestsPerMinute: number;
  /** The limiter's window: a minute, shortened only by tests. */
  rateWindowMs: number;
  /** Per request: no answer within this many milliseconds counts as a failed attempt. */
  timeoutMs: number;
  /**
   * Per request, from connecting to the answer's last byte: an answer still arriving after this many
   * milliseconds (one trickling a byte at a time, say, which `timeoutMs` never catches) is a failed attempt.
   */
  deadlineMs: number;
  /** The largest answer a request reads, in bytes: a longer one is refused before it is parsed. */
  maxResponseBytes: number;
  /** Attempts per call for retryable failures (429, 5xx, no answer). */
  maxAttempts: number;
  /** First backoff delay; doubles each attempt, with full jitter. */
  backoffBaseMs: number;
  /** How long to wait before looking again for a recently written object that a read does not show. */
  consistencyDelayMs: number;
  /** How long a call waits on a route's own 429 (one e-mail per link a minute) without Retry-After. */
  routeLimitWaitMs: number;
  /** Only GET requests leave the client: what `doctor` and other read-only commands use. */
  readOnly: boolean;
}

export const DEFAULT_API_URL = "https://api.infomaniak.com";

/** Two minutes for one request's whole answer: the live API's largest pages come in well under a second. */
export const DEFAULT_DEADLINE_MS = 120_000;

/** 32 MiB: a page of a thousand users or accesses is well under a megabyte. */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

export class SettingsError extends Error {
  override readonly name = "SettingsError";
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

/** Accepts `https://host[:port]`, or `http://` for loopback only (the simulator); a bare host means https. */
export function parseApiUrl(raw: string): string {
  const withScheme = /^[a-z]+:\/\//i.test(raw) ? raw : `https://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new SettingsError(
      `The Infomaniak API URL "${raw}" is not a URL (set infomaniak:apiUrl or INFOMANIAK_HOST)`,
    );
  }
  if (url.protocol === "http:" && !LOOPBACK.test(url.hostname)) {
    throw new SettingsError(
      `The Infomaniak API URL "${url.origin}" uses plain http: use https (http is accepted for loopback addresses only, such as the local simulator)`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new SettingsError(`The Infomaniak API URL "${raw}" must use https`);
  }
  return url.origin;
}

const PositiveInt = z.coerce.number().int().positive();

/** The settings with the token held in `tokenEnv` instead (undefined when that variable is unset or empty). */
export function withTokenFrom(
  settings: ClientSettings,
  tokenEnv: string,
  env: NodeJS.ProcessEnv = process.env,
): ClientSettings {
  const token = env[tokenEnv];
  return { ...settings, token: token === "" ? undefined : token, tokenEnv };
}

/** Reads settings from a config getter (`key` without namespace) and the environment. */
export function resolveSettings(
  config: (key: string) => string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): ClientSettings {
  const number = (key: string, envKey: string, fallback: number): number => {
    const raw = config(key) ?? env[envKey];
    if (raw === undefined || raw === "") return fallback;
    const parsed = PositiveInt.safeParse(raw);
    if (!parsed.success)
      throw new SettingsError(`infomaniak:${key} must be a positive whole number (got "${raw}")`);
    return parsed.data;
  };
  const fromConfig = config("token");
  const token = fromConfig ?? env["INFOMANIAK_TOKEN"];
  return {
    apiUrl: parseApiUrl(config("apiUrl") ?? env["INFOMANIAK_HOST"] ?? DEFAULT_API_URL),
    token: token === "" ? undefined : token,
    ...(fromConfig === undefined && token ? { tokenEnv: "INFOMANIAK_TOKEN" } : {}),
    requestsPerMinute: number("requestsPerMinute", "INFOMANIAK_REQUESTS_PER_MINUTE", 60),
    rateWindowMs: 60_000,
    timeoutMs: number("timeoutMs", "INFOMANIAK_TIMEOUT_MS", 30_000),
    deadlineMs: number("deadlineMs", "INFOMANIAK_DEADLINE_MS", DEFAULT_DEADLINE_MS),
    maxResponseBytes: number("maxResponseBytes", "INFOMANIAK_MAX_RESPONSE_BYTES", DEFAULT_MAX_RESPONSE_BYTES),
    maxAttempts: number("maxAttempts", "INFOMANIAK_MAX_ATTEMPTS", 5),
    backoffBaseMs: number("backoffBaseMs", "INFOMANIAK_BACKOFF_BASE_MS", 500),
    consistencyDelayMs: number("consistencyDelayMs", "INFOMANIAK_CONSISTENCY_DELAY_MS", 3_000),
    routeLimitWaitMs: number("routeLimitWaitMs", "INFOMANIAK_ROUTE_LIMIT_WAIT_MS", 60_000),
    readOnly: false,
  };
}
