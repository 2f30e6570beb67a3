import type { ClientSettings } from "../../provider/api/settings";
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

/** Client settings for tests: the simulator, the full token, short backoff so retries stay fast. */
export function testSettings(url: string, overrides: Partial<ClientSettings> = {}): ClientSettings {
  return {
    apiUrl: url,
    token: TOKENS.full,
    requestsPerMinute: 10_000,
    rateWindowMs: 60_000,
    timeoutMs: 2_000,
    maxAttempts: 5,
    backoffBaseMs: 5,
    consistencyDelayMs: 50,
    routeLimitWaitMs: 100,
    readOnly: false,
    ...overrides,
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
