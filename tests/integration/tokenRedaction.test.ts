import { InfomaniakClient } from "../../provider/api/client";
import { startCannedServer } from "../support/cannedServer";
import type { TestSimulator } from "../support/simulator";
import { SEED, TOKENS, startTestSimulator, testSettings } from "../support/simulator";

/** Every error message and log line of calls that fail in every way we know, searched for the token. */
describe("the token never appears in errors or logs", () => {
  let sim: TestSimulator;
  beforeAll(async () => {
    sim = await startTestSimulator();
  });
  afterAll(() => sim.stop());

  it("across 401, 403, 404, 422, 429, 5xx, resets, timeouts and bad shapes", async () => {
    const texts: string[] = [];
    const run = async (token: string, call: (client: InfomaniakClient) => Promise<unknown>) => {
      const client = new InfomaniakClient(
        testSettings(sim.url, { token, maxAttempts: 2, timeoutMs: 300 }),
        (line) => texts.push(line),
      );
      try {
        await call(client);
      } catch (error) {
        texts.push(String(error), (error as Error).stack ?? "", JSON.stringify(error));
      }
      await client.close();
    };
    const support = { mailHostingId: SEED.webmailHosting, mailboxName: "support" };
    const wrongToken = `${TOKENS.full}-but-wrong`;

    await run(wrongToken, (c) => c.organisation.listAccounts());
    await run(TOKENS.accountsOnly, (c) => c.mailboxAccesses.sharing(support));
    await run(TOKENS.full, (c) => c.mailboxAccesses.sharing({ ...support, mailboxName: "nobody" }));
    await run(TOKENS.full, (c) =>
      c.mailboxAccesses.grant(support, { userId: 7, email: "x@y.z", firstName: "", lastName: "" }, {}, "en"),
    );
    await sim.admin.setFaults({
      rules: [
        { kind: "error", route: "/1/accounts", count: 2 },
        { kind: "rateLimit", route: "/2/accounts/{account}/users", count: 2 },
        { kind: "reset", route: "/1/mail_hostings/{mail_hosting_id}/mailboxes", count: 2 },
        { kind: "timeout", route: "/1/mail_hostings", count: 2, delayMs: 1_000 },
      ],
    });
    await run(TOKENS.full, (c) => c.organisation.listAccounts());
    await run(TOKENS.full, (c) => c.organisation.users(SEED.webmailAccount));
    await run(TOKENS.full, (c) => c.mailHostings.mailboxes(SEED.webmailHosting));
    await run(TOKENS.full, (c) => c.mailHostings.list(SEED.webmailAccount));
    await sim.admin.clearFaults();
    const canned = await startCannedServer({
      "/1/accounts": { status: 200, body: JSON.stringify({ result: "success", data: [{ id: "x" }] }) },
    });
    const client = new InfomaniakClient(testSettings(canned.url, { token: TOKENS.full }), (line) =>
      texts.push(line),
    );
    await client.organisation
      .listAccounts()
      .catch((error: Error) => texts.push(String(error), error.stack ?? ""));
    await client.close();
    await canned.stop();

    const all = texts.join("\n");
    expect(texts.length).toBeGreaterThan(10);
    for (const token of [TOKENS.full, TOKENS.accountsOnly, wrongToken]) expect(all).not.toContain(token);
    expect(all).toContain("401 not_authorized");
    expect(all).toContain("no answer");
  });
});
