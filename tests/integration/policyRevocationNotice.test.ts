import * as pulumi from "@pulumi/pulumi";
import { mailboxPolicy } from "../../provider/resources/mailboxPolicy";
import type { TestSimulator } from "../support/simulator";
import { configureSimulatorRuntime, SEED, startTestSimulator, withAccess } from "../support/simulator";

/**
 * An authoritative policy's check says, as a warning, whom `up` revokes (#28): the engine shows a first
 * policy as one create and an update names no person, so the warning is where the preview says it.
 * The oracle compares effects, not warnings: this is the test that fails without the warning.
 */
describe("an authoritative policy's check names whom up revokes", () => {
  let sim: TestSimulator;
  beforeAll(async () => {
    sim = await startTestSimulator();
    configureSimulatorRuntime(sim.url);
    await sim.admin.replaceState(
      withAccess(await sim.admin.state(), { id: 900, mailboxName: "support", userId: 2 }),
    );
  });
  afterAll(() => sim.stop());

  it("warns with each access it revokes, and not when it revokes nobody", async () => {
    const warn = jest.spyOn(pulumi.log, "warn").mockResolvedValue(undefined);
    try {
      const declared = { mailHostingId: SEED.webmailHosting, mailbox: "support", managedEmails: [] };
      const revoking = await mailboxPolicy.check({}, { ...declared, mode: "authoritative" });
      expect(revoking.failures ?? []).toEqual([]);
      expect(warn.mock.calls.map(([m]) => m)).toEqual([
        expect.stringMatching(
          /^support@acme\.example is authoritative: up revokes what it does not declare: .*bruno.* \(access\)$/,
        ),
      ]);
      warn.mockClear();
      await mailboxPolicy.check({}, { ...declared, mode: "report-only" });
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });
});
