import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import type { StateInput } from "../../simulator";
import { htmlStructure, renderGfm, withoutAddressLinks } from "../support/gfm";
import type { Names } from "../support/hostileNames";
import { CONTROL, HARMLESS, HOSTILE } from "../support/hostileNames";
import { infomaniakMailbox } from "../support/pulumiCli";
import type { TestSimulator } from "../support/simulator";
import { commandEnv, SEED, startTestSimulator, withTeamAccess } from "../support/simulator";
import { makeTempDir } from "../support/tempDir";

/**
 * The quick start seed with the names from the API: the organisation's, a team's, a mailbox's (one
 * more on acme's mail hosting, with a member's access) and a pending link's recipient.
 */
function seeded(seed: StateInput, n: Names): StateInput {
  const mailbox = n.mailbox.replace("@acme.example", "");
  const base = withTeamAccess(seed, "support", n.team);
  return {
    ...base,
    accounts: (base.accounts ?? []).map((a) =>
      a.id === SEED.webmailAccount ? { ...a, name: n.organisation } : a,
    ),
    mailboxes: [...(base.mailboxes ?? []), { mailHostingId: SEED.webmailHosting, name: mailbox }],
    accesses: [
      ...(base.accesses ?? []),
      {
        id: 601,
        mailHostingId: SEED.webmailHosting,
        mailboxName: mailbox,
        userId: 1,
        createdAt: 1_700_000_000,
        permissions: {},
      },
    ],
    mailboxInvitations: [
      {
        key: "link-partner",
        mailHostingId: SEED.webmailHosting,
        mailboxName: "invoices",
        permissions: {},
        sentTo: n.recipient,
        status: "pending",
        createdAt: 1_700_000_000,
        expiresAt: 1_900_000_000,
      },
    ],
  };
}

/** A spec from a pull request: one grant, with the reason and owner. */
function spec(n: Names): string {
  return stringify({
    organisation: { name: "acme", accountId: SEED.webmailAccount, mailHostingId: SEED.webmailHosting },
    members: [
      { email: "alice@acme.example", firstName: "Alice", lastName: "Martin", role: "owner", adopt: true },
    ],
    mailboxes: [
      {
        name: "sales",
        grants: [
          {
            member: "alice@acme.example",
            permissions: { can_manage_filters: true, can_manage_signatures: true },
            reason: n.reason,
            owner: n.owner,
            reviewAfter: "2027-06-30",
          },
        ],
      },
    ],
  });
}

describe("the commands' outputs, with hostile names from the simulator and a spec", () => {
  let sim: TestSimulator;
  let seed: StateInput;
  const dir = makeTempDir("forged-outputs-");
  beforeAll(async () => {
    sim = await startTestSimulator();
    seed = await sim.admin.state();
  });
  afterAll(async () => {
    await sim.stop();
    dir.remove();
  });

  /** access (Markdown, CSV) and doctor as a user runs them, on the seed with these names. */
  async function outputs(n: Names, label: string) {
    await sim.admin.replaceState(seeded(seed, n));
    const declared = join(dir.path, `${label}.yaml`);
    writeFileSync(declared, spec(n));
    const run = (args: string[]) => infomaniakMailbox(args, commandEnv(sim.url));
    return {
      markdown: await run(["access", "--declared", declared]),
      csv: await run(["access", "--declared", declared, "--format", "csv"]),
      doctor: await run(["doctor", "--show-addresses"]),
      exported: await run(["export", "--account", "100", "--out", join(dir.path, `${label}-export`)]),
    };
  }

  it("access, doctor and export: the same structure as with harmless names, no control character on a terminal", async () => {
    const harmless = await outputs(HARMLESS, "harmless");
    const hostile = await outputs(HOSTILE, "hostile");
    expect([hostile.markdown.code, hostile.csv.code, hostile.doctor.code]).toEqual([0, 0, 0]);
    expect(hostile.markdown.stdout).toContain("No one gains access \\<img src=x onerror=alert(1)\\>");
    expect(hostile.doctor.stdout).toContain("No one gains access \\<img src=x onerror=alert(1)\\>");

    const [a, b, c, d] = renderGfm([
      harmless.markdown.stdout,
      hostile.markdown.stdout,
      harmless.doctor.stdout,
      hostile.doctor.stdout,
    ]);
    const structure = (html = "") => htmlStructure(withoutAddressLinks(html));
    expect(structure(b)).toEqual(structure(a));
    expect(structure(d)).toEqual(structure(c));

    const rows = (csv: string) => csv.split("\r\n").length;
    expect(rows(hostile.csv.stdout)).toBe(rows(harmless.csv.stdout));
    expect(hostile.csv.stdout).toContain(`'=HYPERLINK(""https://evil.example"",""Approved"")`);
    expect(hostile.csv.stdout).toContain("'+41 @it-team");

    // On a terminal too: the CSV's own line ends aside.
    for (const result of Object.values(hostile)) {
      expect(result.stdout.replace(/\r\n/g, "\n")).not.toMatch(CONTROL);
      expect(result.stderr).not.toMatch(CONTROL);
    }
    // The progress lines name the organisation and the mailboxes, escape sequences shown.
    expect(hostile.markdown.stderr).toContain("Acme SA  # No one gains access");
    expect(hostile.markdown.stderr).toContain("\\x1b[2K \\x1b]8;;https://evil.example\\x07Approved");
    expect(hostile.exported.stderr).toContain("mailbox 5/5: shared ## Approved - [x] done@acme.example");
  });
});
