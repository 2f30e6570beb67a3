import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import type { StateInput } from "../../simulator";
import type { TestSimulator } from "../support/simulator";
import { SEED, TOKENS, startTestSimulator, withTeamAccess } from "../support/simulator";

const CLI = join(__dirname, "../../dist/cli/main.js");
const GOLDEN = join(__dirname, "golden/access-by-person.csv");
const run = promisify(execFile);

/** `access` as a user runs it: its own process, the token in the environment. */
async function access(sim: TestSimulator, args: string[]) {
  return run(process.execPath, [CLI, "access", ...args], {
    // The tests read often: the default 60-a-minute budget (shared between runs) would make them wait.
    env: {
      ...process.env,
      INFOMANIAK_TOKEN: TOKENS.full,
      INFOMANIAK_HOST: sim.url,
      INFOMANIAK_REQUESTS_PER_MINUTE: "100000",
    },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

const link = (key: string, mailboxName: string, sentTo: string, permissions: Record<string, boolean>) => ({
  key,
  mailHostingId: SEED.webmailHosting,
  mailboxName,
  permissions,
  sentTo,
  status: "pending" as const,
  createdAt: 1_700_000_000,
  expiresAt: 1_900_000_000,
});

/**
 * The quick start seed, and on acme's mailboxes: a team on support@, a guest (Gina, outside the
 * organisation) who accepted a link to it, a pending link to invoices@ sent to a partner, one never sent.
 */
function seeded(seed: StateInput): StateInput {
  const withTeam = withTeamAccess(seed, "support", "Support team");
  return {
    ...withTeam,
    accesses: [
      ...(withTeam.accesses ?? []),
      {
        id: 600,
        mailHostingId: SEED.webmailHosting,
        mailboxName: "support",
        userId: 7,
        createdAt: 1_700_000_000,
        permissions: { can_manage_filters: true },
      },
    ],
    mailboxInvitations: [
      link("link-partner", "invoices", "paul@partner.example", {}),
      link("link-unsent", "invoices", "", { can_manage_signatures: true }),
    ],
  };
}

describe("infomaniak-mailbox access", () => {
  let sim: TestSimulator;
  beforeAll(async () => {
    sim = await startTestSimulator();
    await sim.admin.replaceState(seeded(await sim.admin.state()));
  });
  beforeEach(() => sim.admin.resetRequests());
  afterAll(() => sim.stop());

  /** Requests the simulator answered: their methods, and how many. */
  async function requests(): Promise<{ methods: string[]; total: number }> {
    const { routes } = await sim.admin.requests();
    return {
      methods: [...new Set(routes.map((r) => r.method))],
      total: routes.reduce((n, r) => n + r.count, 0),
    };
  }

  it("by mailbox: members, guests, teams and pending links of every organisation, GET only, within the read bound", async () => {
    const result = await access(sim, []);
    expect(result.code).toBe(0);
    const out = result.stdout;
    expect(out).toContain("Read: 2 organisation(s) (Acme SA (100), Legacy GmbH (200)), 6 mailbox(es)");
    expect(out).toContain("### support@acme.example");
    expect(out).toContain("| accountant@numbers.example | guest | can_manage_filters |");
    expect(out).toContain("| team 7 (Support team) | team | can_manage_filters |");
    expect(out).toContain("| paul@partner.example | pending link | read and send only | 2030-03-17 |");
    expect(out).toContain("| not sent yet | pending link | can_manage_signatures | 2030-03-17 |");
    expect(out).toContain("| alice@acme.example | member | can_manage_filters, can_manage_signatures |");
    expect(out).toContain("## Legacy GmbH (organisation 200)");
    const { methods, total } = await requests();
    expect(methods).toEqual(["GET"]);
    // The bound: the organisations, per organisation its members and mail hostings, per mail hosting
    // its mailboxes and the probe of its access family, and one listing per mailbox.
    const bound = 1 + 2 * 2 + 2 * 2 + 6;
    expect(total).toBeLessThanOrEqual(bound);
    expect(result.stderr).toContain(`${total} GET request(s), nothing changed.`);
  });

  it("by person, as the access-review sheet: the CSV, sorted and stable (golden file)", async () => {
    const result = await access(sim, ["--by", "person", "--format", "csv"]);
    expect(result.code).toBe(0);
    if (process.env["UPDATE_GOLDEN"]) writeFileSync(GOLDEN, result.stdout);
    expect(result.stdout).toBe(readFileSync(GOLDEN, "utf8"));
    const again = await access(sim, ["--by", "person", "--format", "csv"]);
    expect(again.stdout).toBe(result.stdout);
  });

  it("for one person: what they can open, in JSON too; someone with nothing is told what was read", async () => {
    const md = await access(sim, ["--person", "ACCOUNTANT@numbers.example"]);
    expect(md.stdout).toContain("# What ACCOUNTANT@numbers.example can open");
    expect(md.stdout).toContain("| Acme SA (100) | support@acme.example | guest | can_manage_filters |");
    expect(md.stdout).not.toContain("alice@acme.example");
    const json = JSON.parse(
      (await access(sim, ["--person", "alice@acme.example", "--format", "json"])).stdout,
    ) as {
      view: string;
      entries: { mailbox: string; kind: string }[];
    };
    expect(json.view).toBe("person");
    expect(json.entries.map((e) => `${e.kind} ${e.mailbox}`)).toEqual(["member sales@acme.example"]);
    const nobody = await access(sim, ["--person", "zoe@acme.example", "--account", "100"]);
    expect(nobody.stdout).toContain("zoe@acme.example can open no mailbox in what was read.");
    expect(nobody.stdout).toContain("Read: 1 organisation(s) (Acme SA (100)), 4 mailbox(es)");
  });

  it("refuses an organisation the token does not see, naming those it does, before reading any mailbox", async () => {
    const result = await access(sim, ["--account", "999"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "organisation 999 is not one the token sees: use 100 (Acme SA), 200 (Legacy GmbH)",
    );
    expect((await requests()).total).toBe(1);
  });
});
