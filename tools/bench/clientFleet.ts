import { execFile } from "node:child_process";
import { existsSync, mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { offlineEngineEnv } from "../../sdk/automation/localStack";
import type { StateInput } from "../../simulator";
import { mapBounded } from "../../cli/plan/boundedPool";

/**
 * An IT provider's clients, as the acceptance test and `npm run bench:plan` use them: `count`
 * organisations on the simulator that one token sees, and a program folder of them built only by
 * `export --into` (then `pulumi stack init` per client and a first commit, as a user does).
 */

export const FLEET_TOKEN = "msp-token-fleet-0123456789";
/** The provider's technician, a member of every third client with a grant there: who leaves. */
export const LEAVER = "tom@msp.example";

const pad = (i: number) => String(i).padStart(2, "0");

/** Client i's organisation id; its name `Client 01 AG` makes the slug (and stack) `client-01-ag`. */
export const fleetAccount = (i: number) => 1000 + i;
export const fleetStack = (i: number) => `client-${pad(i)}-ag`;
/** Whether client i has the leaver (1, 4, 7, 10, …). */
export const hasLeaver = (i: number) => i % 3 === 1;

/** One client's part of the seed: two mailboxes, two people of its own, the provider's people. */
function clientState(
  i: number,
): Required<Pick<StateInput, "users" | "memberships" | "mailHostings" | "mailboxes" | "accesses">> {
  const accountId = fleetAccount(i);
  const mailHostingId = 2000 + i;
  const domain = `client${pad(i)}.example`;
  const anna = 10_000 + i * 10;
  const ben = anna + 1;
  const access = (id: number, mailboxName: string, userId: number, permissions: Record<string, boolean>) => ({
    id,
    mailHostingId,
    mailboxName,
    userId,
    createdAt: 1_700_000_000,
    permissions,
  });
  return {
    users: [
      { id: anna, email: `anna@${domain}`, firstName: "Anna", lastName: `Client${pad(i)}` },
      { id: ben, email: `ben@${domain}`, firstName: "Ben", lastName: `Client${pad(i)}` },
    ],
    memberships: [
      { accountId, userId: 1, role: "owner" },
      { accountId, userId: anna, role: "admin" },
      { accountId, userId: ben, role: "normal" },
      ...(hasLeaver(i) ? [{ accountId, userId: 2, role: "normal" as const }] : []),
    ],
    mailHostings: [{ id: mailHostingId, accountId, customerName: domain, domain }],
    mailboxes: [
      { mailHostingId, name: "support" },
      { mailHostingId, name: "info" },
    ],
    accesses: [
      access(anna * 10, "support", anna, { can_manage_filters: true, can_manage_signatures: true }),
      access(anna * 10 + 1, "info", ben, { can_manage_filters: true }),
      ...(hasLeaver(i) ? [access(anna * 10 + 2, "support", 2, { can_manage_filters: true })] : []),
    ],
  };
}

/** The seed of `count` client organisations (webmail family), every one visible to FLEET_TOKEN. */
export function fleetSeed(count: number): StateInput {
  const clients = Array.from({ length: count }, (_, i) => clientState(i + 1));
  return {
    tokens: [{ token: FLEET_TOKEN, scopes: ["accounts", "mail"], userId: 1 }],
    users: [
      { id: 1, email: "admin@msp.example", firstName: "Ada", lastName: "Admin" },
      { id: 2, email: LEAVER, firstName: "Tom", lastName: "Tech" },
      ...clients.flatMap((c) => c.users),
    ],
    accounts: clients.map((_, i) => ({
      id: fleetAccount(i + 1),
      name: `Client ${pad(i + 1)} AG`,
      accessFamily: "webmail" as const,
    })),
    memberships: clients.flatMap((c) => c.memberships),
    mailHostings: clients.flatMap((c) => c.mailHostings),
    mailboxes: clients.flatMap((c) => c.mailboxes),
    accesses: clients.flatMap((c) => c.accesses),
  };
}

/**
 * What every command of the fleet runs with: the token that sees every client, the simulator's
 * address, a request budget never waited on, and an offline engine whose state is under `stateDir`.
 */
export function fleetEnv(stateDir: string, apiUrl: string): NodeJS.ProcessEnv {
  mkdirSync(join(stateDir, "backend"), { recursive: true });
  return {
    ...process.env,
    ...offlineEngineEnv(stateDir),
    INFOMANIAK_TOKEN: FLEET_TOKEN,
    INFOMANIAK_HOST: apiUrl,
    INFOMANIAK_REQUESTS_PER_MINUTE: "100000",
  };
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** A command, its output kept; never throws (the caller says what a failure means). */
export function runCommand(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { cwd, env, maxBuffer: 64 * 1024 * 1024, timeout: 600_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The built `infomaniak-mailbox` (from dist/tools/bench, or from tools/bench under ts-jest). */
export function cliPath(): string {
  const beside = join(__dirname, "../../cli/main.js");
  return existsSync(beside) ? beside : join(__dirname, "../../dist/cli/main.js");
}

async function must(what: string, run: Promise<Run>): Promise<Run> {
  const done = await run;
  if (done.code !== 0) throw new Error(`${what} failed (${done.code}):\n${done.stdout}\n${done.stderr}`);
  return done;
}

/**
 * The program folder of `count` clients: `export --into DIR` for each organisation (the first writes
 * the shared program), the checkout's node_modules linked in (what `npm ci` would install), a stack
 * per client, and everything committed. `env` holds the token, the API's address and the backend.
 */
export async function buildFleetProgram(
  dir: string,
  count: number,
  nodeModules: string,
  env: NodeJS.ProcessEnv,
) {
  const cli = cliPath();
  mkdirSync(dir, { recursive: true });
  const exportClient = (i: number) =>
    must(
      `export ${i}`,
      runCommand(
        process.execPath,
        [cli, "export", "--account", String(fleetAccount(i)), "--into", dir],
        dir,
        env,
      ),
    );
  await exportClient(1);
  const rest = Array.from({ length: count - 1 }, (_, i) => i + 2);
  await mapBounded(rest, 4, exportClient);
  symlinkSync(nodeModules, join(dir, "node_modules"), "dir");
  const stacks = Array.from({ length: count }, (_, i) => fleetStack(i + 1));
  await mapBounded(stacks, 4, (stack) =>
    must(
      `pulumi stack init ${stack}`,
      runCommand("pulumi", ["stack", "init", stack, "--non-interactive"], dir, env),
    ),
  );
  const git = (...args: string[]) =>
    must(
      `git ${args[0] ?? ""}`,
      runCommand(
        "git",
        ["-c", "user.name=CI", "-c", "user.email=ci@msp.example", "-c", "commit.gpgsign=false", ...args],
        dir,
        env,
      ),
    );
  await git("init", "-q", "-b", "main");
  await git("add", "-A");
  await git("commit", "-q", "-m", "Every client, as exported");
  return stacks;
}
