import { mailboxPolicy } from "../../provider/resources/mailboxPolicy";
import type { State, StateInput } from "../../simulator";
import type { TestSimulator } from "../support/simulator";
import { configureSimulatorRuntime, SEED, startTestSimulator, withAccess } from "../support/simulator";

const declared = {
  mailHostingId: SEED.webmailHosting,
  mailbox: "support",
  mode: "authoritative",
  managedEmails: ["chloe@acme.example"],
};
const BRUNO = 2;

/**
 * Another stack grants bruno on an authoritative mailbox while the policy's `up` runs, between its
 * check and its apply (two pipelines at once, docs/reliability.md). The apply revokes only whom the
 * check listed: bruno stays until the next run lists him and remembers revoking him, so that the run
 * after that names the conflict instead of revoking him at every run.
 */
describe("an authoritative policy, someone granted between its check and its apply", () => {
  let sim: TestSimulator;
  let seed: State;
  beforeAll(async () => {
    sim = await startTestSimulator();
    seed = await sim.admin.state();
    configureSimulatorRuntime(sim.url);
  });
  afterAll(() => sim.stop());

  const supportHolders = async () =>
    (await sim.admin.state()).accesses
      .filter((a) => a.mailHostingId === SEED.webmailHosting && a.mailboxName === "support")
      .map((a) => a.userId);
  const grantBruno = (state: StateInput) =>
    sim.admin.replaceState(withAccess(state, { id: 900, mailboxName: "support", userId: BRUNO }));

  it("is left for the next run, which revokes him; when he is back, the check names the conflict", async () => {
    const first = await mailboxPolicy.check({}, declared);
    expect(first.failures ?? []).toEqual([]);
    await grantBruno(seed);
    const created = await mailboxPolicy.create(first.inputs);
    expect(await supportHolders()).toEqual([BRUNO]);
    expect(created.outs).toMatchObject({ unmanaged: [{ kind: "access", userId: BRUNO }] });

    // The next run's check lists him: its apply revokes him and its inputs remember it.
    const second = await mailboxPolicy.check(first.inputs, declared);
    expect(second.inputs).toMatchObject({ revoking: [{ userId: BRUNO }] });
    await mailboxPolicy.update(created.id, created.outs, second.inputs);
    expect(await supportHolders()).toEqual([]);

    // Granted again by the other stack: the check refuses rather than revoking him a second time.
    await grantBruno(await sim.admin.state());
    const third = await mailboxPolicy.check(second.inputs, declared);
    expect(third.failures).toEqual([
      { property: "managedEmails", reason: expect.stringContaining("[conflicting_declarations]") as unknown },
    ]);
  });
});
