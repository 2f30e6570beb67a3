import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { readOnlyClient } from "../../cli/shared/commandClient";
import type { Finding } from "../../cli/doctor/assumptions";
import type { StateInput } from "../../simulator";
import type { TestSimulator } from "../support/simulator";
import { SEED, TOKENS, startTestSimulator, testSettings, withTeamAccess } from "../support/simulator";

const CLI = join(__dirname, "../../dist/cli/main.js");
const run = promisify(execFile);

/** `doctor` as a user runs it: its own process, the token in the environment. */
async function doctor(sim: TestSimulator, args: string[] = [], token: string = TOKENS.full) {
  return run(process.execPath, [CLI, "doctor", ...args], {
    env: { ...process.env, INFOMANIAK_TOKEN: token, INFOMANIAK_HOST: sim.url },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

function verdictsOf(stdout: string): Record<string, string> {
  const parsed = JSON.parse(stdout) as { findings: Finding[] };
  return Object.fromEntries(parsed.findings.map((f) => [f.id, f.verdict]));
}

describe("infomaniak-mailbox doctor", () => {
  let sim: TestSimulator;
  let seed: StateInput;
  beforeAll(async () => {
    sim = await startTestSimulator();
    seed = await sim.admin.state();
  });
  beforeEach(async () => {
    await sim.admin.replaceState(seed);
    await sim.admin.resetRequests();
  });
  afterAll(() => sim.stop());

  /** Every request the simulator answered, by method. */
  async function methods(): Promise<string[]> {
    return [...new Set((await sim.admin.requests()).routes.map((r) => r.method))];
  }

  it("on the simulator as it comes: every assumption holds or is not checked, with GET requests only", async () => {
    const result = await doctor(sim);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("# infomaniak-mailbox doctor");
    expect(result.stdout).toMatch(/Read only: \d+ GET request\(s\), nothing changed/);
    expect(result.stdout).toContain("mail hosting 10: webmail family, 4 mailbox(es)");
    expect(result.stdout).toContain("mail hosting 20: legacy family, 2 mailbox(es)");
    expect(result.stdout).toContain("| **holds** |");
    expect(result.stdout).not.toContain("**failed**");
    expect(result.stderr).toContain("Mail hosting 10: mailboxes and one listing…");
    // Pasted into an issue as it is: no token, no address.
    expect(result.stdout + result.stderr).not.toContain(TOKENS.full);
    expect(result.stdout).not.toMatch(/@acme\.example|@legacy\.example/);
    expect(await methods()).toEqual(["GET"]);

    const json = await doctor(sim, ["--format", "json"]);
    expect(verdictsOf(json.stdout)).toEqual({
      token: "holds",
      accountUsersUnpaginated: "holds",
      mailHostingProducts: "holds",
      accessFamily: "holds",
      webmailListingKinds: "holds",
      teamAccessItem: "not checked",
      legacyListingOptionalFields: "holds",
      restrictedLoginIdentifier: "holds",
      rateLimit: "holds",
    });
  });

  it("where the API answers otherwise: each difference named, with what the provider does", async () => {
    await sim.admin.replaceState({
      ...withTeamAccess(seed, "support", "Support team"),
      apiBehaviour: { usersPaginated: true, legacyListingOmits: ["permissions", "invitations"] },
    });
    const json = await doctor(sim, ["--format", "json"]);
    expect(json.code).toBe(0);
    expect(verdictsOf(json.stdout)).toMatchObject({
      accountUsersUnpaginated: "differs",
      teamAccessItem: "holds",
      legacyListingOptionalFields: "differs",
    });
    const text = await doctor(sim, ["--account", "200"]);
    expect(text.stdout).toContain("the listing left out: permissions, invitations");
    expect(text.stdout).toContain("The provider: missing invitations are read from the invitations route");
    expect(text.stdout).not.toContain("organisation 100");
    expect(await methods()).toEqual(["GET"]);
  });

  it("addresses only when asked; a token without a scope fails with the scope named and exit 1", async () => {
    expect((await doctor(sim, ["--show-addresses"])).stdout).toContain("support@acme.example listed");
    const limited = await doctor(sim, [], TOKENS.accountsOnly);
    expect(limited.code).toBe(1);
    expect(limited.stdout).toContain("**failed**");
    expect(limited.stdout).toContain('all_scopes: This method require this specific scope:"mail"');
    const unknown = await doctor(sim, ["--account", "999"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toContain(
      "organisation 999 is not one the token sees: use 100 (Acme SA), 200 (Legacy GmbH)",
    );
  });

  it("cannot write: its client refuses every other method before a request leaves", async () => {
    const { client } = readOnlyClient(testSettings(sim.url));
    const support = { mailHostingId: SEED.webmailHosting, mailboxName: "support" };
    await expect(client.mailboxAccesses.revoke(support, 1)).rejects.toMatchObject({ code: "read_only" });
    await expect(client.mailboxAccesses.createLink(support, { permissions: {} })).rejects.toMatchObject({
      code: "read_only",
    });
    await expect(
      client.organisation.invite(SEED.webmailAccount, {
        email: "x@acme.example",
        first_name: "X",
        last_name: "Y",
        locale: "en_GB",
        role_type: "normal",
      }),
    ).rejects.toMatchObject({ code: "read_only" });
    await client.close();
    // The look-ups before each refused write were reads; nothing else reached the API.
    expect(await methods()).toEqual(["GET"]);
  });
});
