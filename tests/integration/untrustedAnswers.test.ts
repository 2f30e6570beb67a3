import { InfomaniakClient } from "../../provider/api/client";
import { InfomaniakApiError } from "../../provider/api/errors";
import { startCannedServer } from "../support/cannedServer";
import { testSettings } from "../support/simulator";

/** Answers the simulator never gives, but real users have met: each is an error naming the endpoint. */
describe("answers are untrusted", () => {
  const answers = {
    "/1/accounts": {
      status: 200,
      body: JSON.stringify({ result: "success", data: [{ id: "not-a-number" }] }),
    },
    "/2/accounts/2/users": { status: 422, body: "" },
    "/2/accounts/3/users": {
      status: 200,
      body: JSON.stringify({ result: "error", error: { code: "access_denied", description: "nope" } }),
    },
    "/2/accounts/4/users": { status: 502, body: "<html>Bad gateway</html>" },
  };

  async function failure(call: (client: InfomaniakClient) => Promise<unknown>): Promise<InfomaniakApiError> {
    const server = await startCannedServer(answers);
    const client = new InfomaniakClient(testSettings(server.url, { maxAttempts: 1 }));
    try {
      await call(client);
      throw new Error("expected a failure");
    } catch (error) {
      if (!(error instanceof InfomaniakApiError)) throw error;
      return error;
    } finally {
      await client.close();
      await server.stop();
    }
  }

  it("a shape that does not match the schema", async () => {
    const error = await failure((c) => c.organisation.listAccounts());
    expect(error).toMatchObject({ endpoint: "GET /1/accounts", code: "invalid_response", status: 200 });
    expect(error.message).toContain("data.0.id");
  });

  it("a 422 with an empty body", async () => {
    const error = await failure((c) => c.organisation.users(2));
    expect(error).toMatchObject({ status: 422, code: "http_422", description: "empty body" });
  });

  it("an error envelope with status 200 is an error, not a success", async () => {
    const error = await failure((c) => c.organisation.users(3));
    expect(error).toMatchObject({ status: 200, code: "access_denied", description: "nope" });
  });

  it("a 5xx with an HTML body", async () => {
    const error = await failure((c) => c.organisation.users(4));
    expect(error).toMatchObject({ status: 502, code: "http_502" });
    expect(error.description).toContain("Bad gateway");
  });
});
