import { join } from "node:path";
import { generateOrganisation } from "../../tools/bench/organisation";
import type { StateInput } from "../../simulator";
import { infomaniakMailbox } from "../support/pulumiCli";
import type { TestSimulator } from "../support/simulator";
import {
  commandEnv,
  SEED,
  seedWithSharing,
  startTestSimulator,
  withAccess,
  withTeamAccess,
} from "../support/simulator";
import { expectGolden } from "../support/golden";

const GOLDEN = join(__dirname, "golden/access-by-person.csv");

/** `access` as a user runs it: its own process, the token in the environment. */
const access = (sim: TestSimulator, args: string[], token?: string) =>
  infomaniakMailbox(["access", ...args], commandEnv(sim.url, token));

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
  return {
    ...withAccess(withTeamAccess(seed, "support", "Support team"), {
      id: 600,
      mailboxName: "support",
      userId: 7,
    }),
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
    expectGolden(GOLDEN, result.stdout);
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

describe("infomaniak-mailbox access on a generated organisation", () => {
  let sim: TestSimulator;
  const org = generateOrganisation({ mailboxes: 50, members: 40, grants: 150, invitations: 10 });
  beforeAll(async () => {
    sim = await startTestSimulator({ seed: seedWithSharing(org) });
  });
  afterAll(() => sim.stop());

  it("lists every grant and pending link, by mailbox and by person, within the read bound, GET only", async () => {
    const token = org.token;
    const byMailbox = JSON.parse((await access(sim, ["--format", "json"], token)).stdout) as {
      mailboxes: unknown[];
      entries: { kind: string }[];
    };
    expect(byMailbox.mailboxes).toHaveLength(50);
    expect(byMailbox.entries.filter((e) => e.kind === "member")).toHaveLength(150);
    expect(byMailbox.entries.filter((e) => e.kind === "pending link")).toHaveLength(10);
    const { routes } = await sim.admin.requests();
    expect([...new Set(routes.map((r) => r.method))]).toEqual(["GET"]);
    // The organisations; its members and mail hostings; the hosting's mailboxes and access family; 50 listings.
    expect(routes.reduce((n, r) => n + r.count, 0)).toBeLessThanOrEqual(1 + 2 + 2 + 50);
    const csv = (await access(sim, ["--by", "person", "--format", "csv"], token)).stdout.trim().split("\r\n");
    expect(csv).toHaveLength(1 + 160);
    const people = csv.slice(1).map((row) => row.split(",")[3] ?? "");
    expect(people).toEqual([...people].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });
});
