import { InfomaniakClient } from "../../provider/api/client";
import { InfomaniakApiError } from "../../provider/api/errors";
import { LegacyFamily } from "../../provider/api/accessFamilies/legacyFamily";
import { RateLimiter } from "../../provider/api/rateLimiter";
import { resolveSettings } from "../../provider/api/settings";
import { MAX_RATE_LIMITED_ATTEMPTS, Transport } from "../../provider/api/transport";
import type { TestSimulator } from "../support/simulator";
import { SEED, TOKENS, startTestSimulator, testSettings } from "../support/simulator";

const support = { mailHostingId: SEED.webmailHosting, mailboxName: "support" };
const member = { userId: 3, email: "chloe@acme.example", firstName: "Chloé", lastName: "Rossi" };

async function failure(promise: Promise<unknown>): Promise<InfomaniakApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof InfomaniakApiError) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}

describe("client error classes, over HTTP against the simulator", () => {
  let sim: TestSimulator;
  beforeAll(async () => {
    sim = await startTestSimulator();
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.admin.reset());

  it("401: an unknown token", async () => {
    const client = new InfomaniakClient(testSettings(sim.url, { token: "not-a-token-at-all" }));
    const error = await failure(client.organisation.listAccounts());
    expect(error).toMatchObject({ status: 401, code: "not_authorized", endpoint: "GET /1/accounts" });
    expect(error.message).toContain("401 not_authorized");
    expect(error.message).toContain("run `pulumi refresh --run-program` or `pulumi up` first");
  });

  it("401: a stale token from INFOMANIAK_TOKEN is fixed in that variable, and the hint says so", async () => {
    const settings = resolveSettings((key) => (key === "apiUrl" ? sim.url : undefined), {
      INFOMANIAK_TOKEN: "stale-token",
    });
    const error = await failure(new InfomaniakClient(settings).organisation.listAccounts());
    expect(error.message).toContain(
      "401 not_authorized: Missing or invalid access token (the token in the environment variable INFOMANIAK_TOKEN was refused: set INFOMANIAK_TOKEN to a current API token)",
    );
    expect(error.message).not.toContain("pulumi refresh");
  });

  it("403: a token without the scope, named in the message", async () => {
    const client = new InfomaniakClient(testSettings(sim.url, { token: TOKENS.accountsOnly }));
    const error = await failure(client.mailboxAccesses.sharing(support));
    expect(error).toMatchObject({ status: 403, code: "all_scopes" });
    expect(error.message).toContain('scope:"mail"');
  });

  it("404: an unknown mailbox is not found", async () => {
    const client = new InfomaniakClient(testSettings(sim.url));
    const error = await failure(client.mailboxAccesses.sharing({ ...support, mailboxName: "nobody" }));
    expect(error).toMatchObject({ status: 404, code: "object_not_found" });
    expect(error.isNotFound()).toBe(true);
  });

  it("409: granting the same user twice", async () => {
    const client = new InfomaniakClient(testSettings(sim.url));
    await client.mailboxAccesses.grant(support, member, { can_manage_filters: true }, "en");
    const error = await failure(client.mailboxAccesses.grant(support, member, {}, "en"));
    expect(error).toMatchObject({ status: 409, code: "user_already_has_access_to_mailbox" });
  });

  it("422: granting someone outside the organisation, and an invalid body with field errors", async () => {
    const client = new InfomaniakClient(testSettings(sim.url));
    const outsider = {
      userId: 7,
      email: "accountant@numbers.example",
      firstName: "Gina",
      lastName: "Numbers",
    };
    const error = await failure(client.mailboxAccesses.grant(support, outsider, {}, "en"));
    expect(error).toMatchObject({ status: 422, code: "user_not_attached_to_account" });

    const invalid = await failure(
      client.organisation.invite(SEED.webmailAccount, {
        email: "not-an-address",
        first_name: "No",
        last_name: "Body",
        locale: "en_GB",
        role_type: "normal",
      }),
    );
    expect(invalid).toMatchObject({ status: 422, code: "validation_failed" });
    expect(invalid.fieldErrors.map((f) => f.attribute)).toEqual(["email"]);
    expect(invalid.message).toContain("email:");
  });

  it("429: waited through (Retry-After), and an error once the 429 allowance is spent", async () => {
    await sim.admin.setFaults({
      rules: [{ kind: "rateLimit", route: "/1/accounts", count: 3, retryAfterSeconds: 0 }],
    });
    await expect(
      new InfomaniakClient(testSettings(sim.url, { maxAttempts: 1 })).organisation.listAccounts(),
    ).resolves.toHaveLength(2);

    await sim.admin.setFaults({
      rules: [
        { kind: "rateLimit", route: "/1/accounts", count: MAX_RATE_LIMITED_ATTEMPTS, retryAfterSeconds: 0 },
      ],
    });
    const error = await failure(new InfomaniakClient(testSettings(sim.url)).organisation.listAccounts());
    expect(error).toMatchObject({ status: 429, code: "too_many_requests" });
    expect(error.details.retryAfterSeconds).toBe(0);
    const { routes } = await sim.admin.requests();
    expect(routes.find((r) => r.route === "/1/accounts")?.statuses["429"]).toBe(
      3 + MAX_RATE_LIMITED_ATTEMPTS,
    );
  });

  it("501: the family an account is not on", async () => {
    const settings = testSettings(sim.url);
    const legacy = new LegacyFamily(new Transport(settings, new RateLimiter(1000)));
    const error = await failure(legacy.list(support));
    expect(error).toMatchObject({ status: 501, code: "not_implemented" });
  });

  it("a missing token fails before any request, and says how to set one", async () => {
    const client = new InfomaniakClient(testSettings(sim.url, { token: undefined }));
    const error = await failure(client.organisation.listAccounts());
    expect(error.code).toBe("missing_token");
    expect(error.message).toContain("infomaniak:token");
    expect((await sim.admin.requests()).total).toBe(0);
  });
});
