import { MailboxAccess } from "pulumi-infomaniak-mailbox";
import type { MailboxAccessArgs } from "pulumi-infomaniak-mailbox";
import { InfomaniakClient } from "../../provider/api/client";
import type { EngineStack } from "../support/engineStack";
import { simulatorStack } from "../support/engineStack";
import type { TestSimulator } from "../support/simulator";
import { SEED, startTestSimulator, testSettings } from "../support/simulator";

/**
 * State that outlived its object: a grant removed in the Manager since the last refresh, then changed
 * in the program. `up` says what happened and the way out; `up --refresh` grants it again.
 */
describe("a grant removed outside the stack, then changed", () => {
  let sim: TestSimulator;
  let engine: EngineStack;
  let grant: MailboxAccessArgs = {
    mailHostingId: SEED.webmailHosting,
    mailbox: "support",
    userEmail: "chloe@acme.example",
    preset: "readOnly",
  };

  beforeAll(async () => {
    sim = await startTestSimulator();
    engine = await simulatorStack(sim, "gone-outside", () => {
      new MailboxAccess("chloe-support", grant);
    });
    await engine.stack.up({ color: "never" });
  });
  afterAll(async () => {
    engine.remove();
    await sim.stop();
  });

  it("up fails naming the removal and the way out; up --refresh grants it again as declared", async () => {
    const client = new InfomaniakClient(testSettings(sim.url));
    await client.mailboxAccesses.revoke({ mailHostingId: SEED.webmailHosting, mailboxName: "support" }, 3);
    await client.close();
    grant = { ...grant, preset: undefined, permissions: { can_manage_filters: true } };

    await expect(engine.stack.up({ color: "never" })).rejects.toThrow(
      /The access of chloe@acme\.example to support@acme\.example was removed outside this stack since the last refresh \(Infomaniak answered 404 user_has_no_access_to_mailbox\)[\s\S]*pulumi up --refresh[\s\S]*gone_outside_stack/,
    );
    const again = await engine.stack.up({ color: "never", refresh: true });
    expect(again.summary.resourceChanges).toMatchObject({ create: 1 });
    const access = (await sim.admin.state()).accesses.find(
      (a) => a.mailboxName === "support" && a.userId === 3,
    );
    expect(access?.permissions).toMatchObject({ can_manage_filters: true });
  });
});
