import { InfomaniakClient } from "../../provider/api/client";
import { InfomaniakApiError } from "../../provider/api/errors";
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
    /** Each call must fail, with the code it is there for: a call that passed would search nothing. */
    const codes: string[] = [];
    const run = async (token: string, call: (client: InfomaniakClient) => Promise<unknown>) => {
      const client = new InfomaniakClient(
        testSettings(sim.url, { token, maxAttempts: 2, timeoutMs: 300 }),
        (line) => texts.push(line),
      );
      const error = await call(client).then(
        () => new Error("the call succeeded"),
        (thrown: unknown) => thrown as Error,
      );
      texts.push(String(error), error.stack ?? "", JSON.stringify(error));
      codes.push(
        error instanceof InfomaniakApiError ? `${error.status ?? "no answer"} ${error.code}` : error.message,
      );
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
        { kind: "timeout", route: "/1/products", count: 2, delayMs: 1_000 },
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
    const shape = await client.organisation.listAccounts().then(
      () => new Error("the call succeeded"),
      (thrown: unknown) => thrown as Error,
    );
    texts.push(String(shape), shape.stack ?? "");
    codes.push(
      shape instanceof InfomaniakApiError ? `${shape.status ?? "no answer"} ${shape.code}` : shape.message,
    );
    await client.close();
    await canned.stop();

    expect(codes).toEqual([
      "401 not_authorized",
      "403 all_scopes",
      "404 object_not_found",
      "422 user_not_attached_to_account",
      "503 unexpected_error",
      // A 429 is waited through (and logged) until the call succeeds.
      "the call succeeded",
      "no answer network_error",
      // A stalled answer: the idle timer's timeout, or (on a loaded machine) the socket given up first.
      expect.stringMatching(/^no answer (timeout|network_error)$/),
      "200 invalid_response",
    ]);
    expect(texts.some((line) => line.includes("429"))).toBe(true);
    const all = texts.join("\n");
    for (const token of [TOKENS.full, TOKENS.accountsOnly, wrongToken]) expect(all).not.toContain(token);
    expect(all).toContain("401 not_authorized");
    expect(all).toContain("no answer");
  });
});
