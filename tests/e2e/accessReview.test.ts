import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { MailboxAccess, Organisation } from "pulumi-infomaniak-mailbox";
import type { OrganisationSpecInput } from "pulumi-infomaniak-mailbox";
import { InfomaniakClient } from "../../provider/api/client";
import type { EngineStack } from "../support/engineStack";
import { simulatorStack } from "../support/engineStack";
import { infomaniakMailbox } from "../support/pulumiCli";
import type { TestSimulator } from "../support/simulator";
import { commandEnv, SEED, startTestSimulator, testSettings } from "../support/simulator";
import { makeTempDir } from "../support/tempDir";

const review = { reason: "Support rota", owner: "it@acme.example", reviewAfter: "2027-06-30" };

/** Stack A's organisation: Bruno and Chloé on support@, and Gina (outside) invited to it by link. */
const SPEC: OrganisationSpecInput = {
  organisation: { name: "acme", accountId: SEED.webmailAccount, mailHostingId: SEED.webmailHosting },
  members: [
    { email: "bruno@acme.example", firstName: "Bruno", lastName: "Keller", role: "admin", adopt: true },
    { email: "chloe@acme.example", firstName: "Chloé", lastName: "Rossi", adopt: true },
  ],
  mailboxes: [
    {
      name: "support",
      grants: [
        { member: "bruno@acme.example", preset: "delegate", ...review },
        {
          member: "chloe@acme.example",
          preset: "readOnly",
          ...review,
          reason: "Holiday cover",
          expiresAt: "2027-03-31",
        },
      ],
      invitations: [
        { email: "gina@numbers.example", preset: "readOnly", ...review, reason: "Year-end closing" },
      ],
    },
  ],
};

const access = (sim: TestSimulator, args: string[]) =>
  infomaniakMailbox(["access", ...args], commandEnv(sim.url));

/** The CSV's rows of organisation 100, each as `who mailbox as standing declared-in reason`. */
function reviewRows(csv: string): string[] {
  const [header, ...rows] = csv
    .trim()
    .split("\r\n")
    .map((line) => line.split(","));
  const at = (name: string) => header?.indexOf(name) ?? -1;
  return rows
    .filter((r) => r[at("organisation_id")] === "100")
    .map((r) =>
      [
        r[at("who")],
        r[at("mailbox")],
        r[at("as")],
        r[at("standing")],
        r[at("declared_in")],
        r[at("reason")],
      ].join(" | "),
    );
}

jest.setTimeout(300_000);

describe("access compared with what stacks and spec files declare: the review sheet", () => {
  let sim: TestSimulator;
  const stacks: EngineStack[] = [];
  const temp = makeTempDir("access-review");
  beforeAll(async () => {
    sim = await startTestSimulator();
    const organisation = await simulatorStack(sim, "review-org", () => {
      new Organisation({ spec: SPEC });
    });
    const direct = await simulatorStack(sim, "review-direct", () => {
      new MailboxAccess("invoices-david", {
        mailHostingId: SEED.webmailHosting,
        mailbox: "invoices",
        userEmail: "david@acme.example",
        preset: "readOnly",
        review: { ...review, reason: "Checks invoices", owner: "finance@acme.example" },
      });
    });
    stacks.push(organisation, direct);
    for (const [i, engine] of stacks.entries()) {
      await engine.stack.up({ color: "never" });
      writeFileSync(join(temp.path, `stack-${i}.json`), JSON.stringify(await engine.stack.exportStack()));
    }
    writeFileSync(join(temp.path, "acme.yaml"), stringify(SPEC));
    // Outside the stacks: Chloé given invoices@ in the Manager (undeclared), Bruno's access to
    // support@ removed there (declared, no longer held).
    const client = new InfomaniakClient(testSettings(sim.url));
    try {
      const invoices = { mailHostingId: SEED.webmailHosting, mailboxName: "invoices" };
      await client.mailboxAccesses.grant(
        invoices,
        { userId: 3, email: "chloe@acme.example", firstName: "Chloé", lastName: "Rossi" },
        { can_manage_filters: true },
        "fr",
      );
      await client.mailboxAccesses.revoke({ mailHostingId: SEED.webmailHosting, mailboxName: "support" }, 2);
    } finally {
      await client.close();
    }
  });
  afterAll(async () => {
    for (const engine of stacks) engine.remove();
    temp.remove();
    await sim.stop();
  });

  it("two stacks' exported states: each access declared (where, why), undeclared, or declared but not held", async () => {
    const files = ["stack-0.json", "stack-1.json"].flatMap((f) => ["--declared", join(temp.path, f)]);
    const result = await access(sim, [...files, "--by", "person", "--format", "csv"]);
    expect(result.stderr).not.toMatch(/error/i);
    expect(reviewRows(result.stdout)).toEqual([
      "alice@acme.example | sales@acme.example | member | undeclared |  | ",
      "bruno@acme.example | support@acme.example | member | not held | stack test of e2e-review-org | Support rota",
      "chloe@acme.example | invoices@acme.example | member | undeclared |  | ",
      "chloe@acme.example | support@acme.example | member | declared | stack test of e2e-review-org | Holiday cover",
      "david@acme.example | invoices@acme.example | member | declared | stack test of e2e-review-direct | Checks invoices",
      "gina@numbers.example | support@acme.example | pending link | declared | stack test of e2e-review-org | Year-end closing",
    ]);
    // The sheet carries each grant's owner and dates, and no secret of the states (links stay encrypted).
    expect(result.stdout).toContain("finance@acme.example,2027-06-30,,stack test of e2e-review-direct");
    expect(result.stdout).toContain("it@acme.example,2027-06-30,2027-03-31,stack test of e2e-review-org");
    const links = (await sim.admin.state()).mailboxInvitations?.map((i) => i.key) ?? [];
    for (const key of links) expect(result.stdout).not.toContain(key);
  });

  it("a spec file declares alike, and one person's view says where each of their accesses stands", async () => {
    const spec = join(temp.path, "acme.yaml");
    const result = await access(sim, ["--declared", spec, "--person", "chloe@acme.example"]);
    expect(result.stdout).toContain("# What chloe@acme.example can open");
    expect(result.stdout).toMatch(
      new RegExp(
        `\\| Acme SA \\(100\\) \\| support@acme\\.example \\| member \\| read and send only \\|.*\\| declared \\| Holiday cover \\| it@acme\\.example \\| 2027-06-30 \\| 2027-03-31 \\| ${spec.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\|`,
      ),
    );
    expect(result.stdout).toMatch(
      /\| Acme SA \(100\) \| invoices@acme\.example \| member \| can_manage_filters \|.*\| undeclared \|/,
    );
  });
});
