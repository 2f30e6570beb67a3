import type { GeneratedOrganisation } from "../../tools/bench/organisation";
import type { PermissionSet } from "../../provider/api/accessFamilies/accessFamily";
import type { ClientSettings } from "../../provider/api/settings";
import { expandPermissions } from "../../provider/permissions";
import { configureRuntime } from "../../provider/runtime";
import type { RunningSimulator, SimulatorOptions, StateInput } from "../../simulator";
import { loadSeed, QUICKSTART_SEED, SimulatorAdmin, startSimulator } from "../../simulator";

/** Tokens of the quick start seed. */
export const TOKENS = {
  full: "demo-token-acme-0123456789",
  mailOnly: "demo-token-mail-only-0123456789",
  accountsOnly: "demo-token-accounts-only-0123456789",
} as const;

/** The day the engine tests' programs count end dates against (`infomaniak:today`). */
export const TEST_TODAY = "2026-11-29";

/** The quick start seed's ids. */
export const SEED = {
  webmailAccount: 100,
  legacyAccount: 200,
  webmailHosting: 10,
  legacyHosting: 20,
} as const;

export interface TestSimulator extends RunningSimulator {
  admin: SimulatorAdmin;
}

/** A simulator on a free loopback port, quick start seed, rate limit off unless asked for. */
export async function startTestSimulator(options: Partial<SimulatorOptions> = {}): Promise<TestSimulator> {
  const simulator = await startSimulator({
    seed: loadSeed(QUICKSTART_SEED),
    rateLimit: { perWindow: 0 },
    ...options,
  });
  return { ...simulator, admin: new SimulatorAdmin(simulator.url) };
}

/**
 * The environment of a command run against the simulator as a user runs it: the token (the seed's
 * full one unless given) and the API's address; and a request budget the tests never wait on (the
 * default 60 a minute is shared between runs through the limiter's journal).
 */
export function commandEnv(url: string, token: string = TOKENS.full): NodeJS.ProcessEnv {
  return {
    ...process.env,
    INFOMANIAK_TOKEN: token,
    INFOMANIAK_HOST: url,
    INFOMANIAK_REQUESTS_PER_MINUTE: "100000",
  };
}

/** Client settings for tests: the simulator, the full token, short backoff so retries stay fast. */
export function testSettings(url: string, overrides: Partial<ClientSettings> = {}): ClientSettings {
  return {
    apiUrl: url,
    token: TOKENS.full,
    requestsPerMinute: 10_000,
    rateWindowMs: 60_000,
    timeoutMs: 2_000,
    deadlineMs: 10_000,
    maxResponseBytes: 4 * 1024 * 1024,
    maxAttempts: 5,
    backoffBaseMs: 5,
    consistencyDelayMs: 50,
    routeLimitWaitMs: 100,
    readOnly: false,
    ...overrides,
  };
}

let freshClients = 0;

/**
 * The provider's runtime, in this process, set up as a provider process against the simulator would be:
 * its address and the seed's full token. `fresh`: with a client of its own (other settings make a new
 * one), so that nothing read before is cached.
 */
export function configureSimulatorRuntime(url: string, options: { fresh?: boolean } = {}): void {
  const config: Record<string, string> = {
    "infomaniak:apiUrl": url,
    "infomaniak:token": TOKENS.full,
    ...(options.fresh ? { "infomaniak:timeoutMs": String(30_000 + freshClients++) } : {}),
  };
  configureRuntime((key) => config[key]);
}

/** The seed plus an access of `userId` to the webmail organisation's `mailboxName` (the filters right). */
export function withAccess(
  seed: StateInput,
  access: { id: number; mailboxName: string; userId: number },
): StateInput {
  return {
    ...seed,
    accesses: [
      ...(seed.accesses ?? []),
      {
        ...access,
        mailHostingId: SEED.webmailHosting,
        createdAt: 1_700_000_000,
        permissions: { can_manage_filters: true },
      },
    ],
  };
}

/**
 * The seed plus team 7 of the webmail organisation (`name`, members 3 and 4) with access to one of its
 * mailboxes (the filters right): Infomaniak lists team accesses beside people's.
 */
export function withTeamAccess(seed: StateInput, mailboxName: string, name: string): StateInput {
  return {
    ...seed,
    teams: [{ id: 7, accountId: SEED.webmailAccount, name, userIds: [3, 4] }],
    teamAccesses: [
      {
        id: 900,
        teamId: 7,
        mailHostingId: SEED.webmailHosting,
        mailboxName,
        permissions: { can_manage_filters: true },
        createdAt: 1_700_000_000,
      },
    ],
  };
}

/**
 * A generated organisation's seed holding what the benchmark declares: each grant as an access with
 * its preset's rights (and `extra(i)` on top), each invitation as a pending link valid for a week.
 */
export function seedWithSharing(
  org: GeneratedOrganisation,
  extra: (i: number) => PermissionSet = () => ({}),
): StateInput {
  const now = Math.floor(Date.now() / 1000);
  return {
    ...org.seed,
    accesses: org.grants.map((g, i) => ({
      id: 10_000 + i,
      mailHostingId: org.mailHostingId,
      mailboxName: g.mailbox,
      userId: g.userId,
      permissions: expandPermissions("webmail", g.preset, extra(i)),
      createdAt: now,
    })),
    mailboxInvitations: org.invitations.map((x, i) => ({
      key: `generated-link-${i}`,
      mailHostingId: org.mailHostingId,
      mailboxName: x.mailbox,
      permissions: {},
      sentTo: x.email,
      status: "pending" as const,
      createdAt: now,
      expiresAt: now + 7 * 86_400,
    })),
  };
}
