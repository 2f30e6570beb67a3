import { externalInvitation } from "../../provider/resources/externalInvitation";
import { mailboxAccess } from "../../provider/resources/mailboxAccess";
import type { StateInput } from "../../simulator";
import type { TestSimulator } from "../support/simulator";
import { configureSimulatorRuntime, SEED, startTestSimulator } from "../support/simulator";

const EXPLAINED =
  /is a restricted login identifier: it is the address someone signs in to Infomaniak with, and Infomaniak forbids sharing such a mailbox by invitation link[\s\S]*Ways out: give an existing member[\s\S]*change that person's login identifier in the Manager/;

/**
 * A mailbox whose address is a restricted login identifier cannot be shared by a link: `check` says
 * so from the mailbox's own flag, and the API's refusal at apply time (the flag read earlier in the
 * run) gets the same explanation.
 */
describe("a restricted login identifier", () => {
  let sim: TestSimulator;
  let seed: StateInput;
  beforeAll(async () => {
    sim = await startTestSimulator();
    seed = await sim.admin.state();
  });
  beforeEach(async () => {
    await sim.admin.replaceState(seed);
    // A fresh client: nothing read before is cached.
    configureSimulatorRuntime(sim.url, { fresh: true });
  });
  afterAll(() => sim.stop());

  const guest = (mailbox: string) => ({
    mailHostingId: SEED.webmailHosting,
    mailbox,
    email: "guest@outside.example",
  });
  const restrict = (hosting: number, name: string) =>
    sim.admin.replaceState({
      ...seed,
      mailboxes: seed.mailboxes.map((m) =>
        m.mailHostingId === hosting && m.name === name ? { ...m, restrictedLoginIdentifier: true } : m,
      ),
    });

  it("an invitation link: check fails on the mailbox, naming why and the ways out", async () => {
    const result = await externalInvitation.check({}, guest("alice"));
    expect(result.failures).toEqual([
      { property: "mailbox", reason: expect.stringMatching(EXPLAINED) as unknown },
    ]);
  });

  it("a legacy grant (sent as a link bound to the member): check fails the same way", async () => {
    await restrict(SEED.legacyHosting, "info");
    const result = await mailboxAccess.check(
      {},
      { mailHostingId: SEED.legacyHosting, mailbox: "info", userEmail: "fabio@legacy.example" },
    );
    expect(result.failures?.map((f) => f.property)).toEqual(["mailbox"]);
    expect(result.failures?.[0]?.reason).toMatch(EXPLAINED);
  });

  it("the API's refusal at apply time gets the same explanation, and nothing is created", async () => {
    const checked = await externalInvitation.check({}, guest("support"));
    expect(checked.failures ?? []).toEqual([]);
    // The login identifier changes between check and create: the flag read by check is stale.
    await restrict(SEED.webmailHosting, "support");
    await expect(externalInvitation.create(checked.inputs)).rejects.toThrow(EXPLAINED);
    expect((await sim.admin.state()).mailboxInvitations).toEqual([]);
  });
});
