import { MAX_JSON_DEPTH, nestsDeeperThan } from "../../provider/api/boundedAnswer";
import { CLIENT_ERROR_CODES, InfomaniakApiError } from "../../provider/api/errors";
import { ReadCache } from "../../provider/api/readCache";
import { AccountUser } from "../../provider/api/schemas";
import { backoffMs, outcomeOf } from "../../provider/api/retryPolicy";
import {
  DEFAULT_API_URL,
  DEFAULT_DEADLINE_MS,
  DEFAULT_MAX_RESPONSE_BYTES,
  SettingsError,
  parseApiUrl,
  resolveSettings,
} from "../../provider/api/settings";
import { leftOutLine } from "../../cli/export/leftOut";
import { apiPath } from "../../provider/api/transport";

describe("apiPath", () => {
  it("encodes every value as one segment; dots stay, as other clients send them", () => {
    expect(apiPath`/1/mail_hostings/${10}/mailboxes/${"../users?x=1#y"}/users`).toBe(
      "/1/mail_hostings/10/mailboxes/..%2Fusers%3Fx%3D1%23y/users",
    );
    expect(apiPath`/m/${"first.last"}/${"é 😀"}`).toBe("/m/first.last/%C3%A9%20%F0%9F%98%80");
    // The URL parser would resolve these as dot segments: no value may be one.
    expect(new URL(apiPath`/m/${"a..b"}/x`, "https://h").pathname).toBe("/m/a..b/x");
    expect(() => apiPath`/m/${"."}/x`).toThrow('"." cannot be a path segment');
    expect(() => apiPath`/m/${".."}/x`).toThrow('".." cannot be a path segment');
  });
});

describe("settings", () => {
  it("takes stack config first, then the environment, then the defaults", () => {
    const config = (values: Record<string, string>) => (key: string) => values[key];
    expect(resolveSettings(config({}), {})).toMatchObject({
      apiUrl: DEFAULT_API_URL,
      token: undefined,
      requestsPerMinute: 60,
    });
    expect(
      resolveSettings(config({}), { INFOMANIAK_TOKEN: "t-env", INFOMANIAK_HOST: "api.example.ch" }),
    ).toMatchObject({
      apiUrl: "https://api.example.ch",
      token: "t-env",
    });
    expect(
      resolveSettings(
        config({ token: "t-config", apiUrl: "http://127.0.0.1:8787", requestsPerMinute: "120" }),
        {
          INFOMANIAK_TOKEN: "t-env",
        },
      ),
    ).toMatchObject({ apiUrl: "http://127.0.0.1:8787", token: "t-config", requestsPerMinute: 120 });
  });

  it("refuses plain http except on loopback", () => {
    expect(parseApiUrl("http://localhost:8787/")).toBe("http://localhost:8787");
    expect(parseApiUrl("http://[::1]:8787")).toBe("http://[::1]:8787");
    expect(() => parseApiUrl("http://api.infomaniak.com")).toThrow(SettingsError);
    expect(() => parseApiUrl("http://10.0.0.1")).toThrow(/plain http/);
    expect(() => parseApiUrl("ftp://x")).toThrow(/https/);
  });

  it("reads the total deadline and the answer's size cap like the other numbers", () => {
    expect(resolveSettings(() => undefined, {})).toMatchObject({
      deadlineMs: DEFAULT_DEADLINE_MS,
      maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES,
    });
    const env = { INFOMANIAK_DEADLINE_MS: "5000", INFOMANIAK_MAX_RESPONSE_BYTES: "1024" };
    expect(resolveSettings(() => undefined, env)).toMatchObject({ deadlineMs: 5000, maxResponseBytes: 1024 });
    expect(resolveSettings((key) => (key === "deadlineMs" ? "7000" : undefined), env)).toMatchObject({
      deadlineMs: 7000,
    });
    expect(() => resolveSettings(() => undefined, { INFOMANIAK_DEADLINE_MS: "soon" })).toThrow(
      /infomaniak:deadlineMs/,
    );
  });

  it("names the setting when a number is wrong", () => {
    expect(() => resolveSettings((key) => (key === "requestsPerMinute" ? "many" : undefined), {})).toThrow(
      /infomaniak:requestsPerMinute/,
    );
  });
});

describe("retry policy", () => {
  const error = (status: number | undefined, code = "x", description = "") =>
    new InfomaniakApiError("GET /x", status, code, description);

  it("classifies failures by whether they may have changed something", () => {
    expect(outcomeOf(error(429))).toBe("notApplied");
    expect(outcomeOf(error(undefined, CLIENT_ERROR_CODES.network, "no answer: connect ECONNREFUSED"))).toBe(
      "notApplied",
    );
    expect(outcomeOf(error(undefined, CLIENT_ERROR_CODES.network, "no answer: other side closed"))).toBe(
      "maybeApplied",
    );
    expect(outcomeOf(error(undefined, CLIENT_ERROR_CODES.timeout))).toBe("maybeApplied");
    // An answer not whole in time, or longer than the cap, is a lost answer; too deep is a bad shape.
    expect(outcomeOf(error(undefined, CLIENT_ERROR_CODES.deadlineExceeded))).toBe("maybeApplied");
    expect(outcomeOf(error(undefined, CLIENT_ERROR_CODES.tooLarge))).toBe("maybeApplied");
    expect(outcomeOf(error(200, CLIENT_ERROR_CODES.tooDeep))).toBe("final");
    expect(outcomeOf(error(503))).toBe("maybeApplied");
    for (const status of [400, 401, 403, 404, 409, 422, 501]) expect(outcomeOf(error(status))).toBe("final");
    expect(outcomeOf(new Error("bug"))).toBe("final");
  });

  it("backs off exponentially with full jitter, capped", () => {
    expect(backoffMs(0, 500, () => 0.999)).toBe(499);
    expect(backoffMs(3, 500, () => 0.5)).toBe(2000);
    // Capped at 20 s from the attempt whose doubling passes it: 16 s, then 20 s, not 32 s.
    expect(backoffMs(5, 500, () => 0.5)).toBe(8000);
    expect(backoffMs(6, 500, () => 0.5)).toBe(10_000);
    expect(backoffMs(30, 500, () => 0.999)).toBe(19_980);
    expect(backoffMs(5, 500, () => 0)).toBe(0);
  });
});

describe("read cache", () => {
  it("shares one load between concurrent readers and drops failures", async () => {
    const cache = new ReadCache();
    let loads = 0;
    const load = () => {
      loads++;
      return new Promise<number>((resolve) => setTimeout(() => resolve(loads), 5));
    };
    const values = await Promise.all([cache.get("k", load), cache.get("k", load), cache.get("k", load)]);
    expect(values).toEqual([1, 1, 1]);
    cache.invalidate("k");
    expect(await cache.get("k", load)).toBe(2);

    await expect(cache.get("bad", () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await cache.get("bad", () => Promise.resolve("fine"))).toBe("fine");
  });
});

describe("an organisation's users, read tolerantly", () => {
  const user = {
    user_id: 5,
    invitation_id: null,
    email: "a@acme.example",
    first_name: "A",
    last_name: "B",
    role_type: "normal",
    state_in_account: "valid",
  };
  it("types the roles and standings it knows", () => {
    expect(AccountUser.parse(user)).toMatchObject({ role_type: "normal", state_in_account: "valid" });
  });
  it("keeps, as sent, a role or a standing it does not know (shown, never taken for a member)", () => {
    const odd = AccountUser.parse({ ...user, role_type: "billing", state_in_account: "locked" });
    expect(odd).toMatchObject({ role_type: "billing", state_in_account: "locked" });
  });
});

describe("bounded answers", () => {
  it("measures JSON nesting without parsing, brackets in strings not counted", () => {
    const nested = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;
    expect(nestsDeeperThan(nested(MAX_JSON_DEPTH), MAX_JSON_DEPTH)).toBe(false);
    expect(nestsDeeperThan(nested(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH)).toBe(true);
    // An escaped quote does not end the string; an escaped backslash before a quote does.
    expect(nestsDeeperThan(String.raw`{"a":"${"[".repeat(500)}\"{{"}`, 3)).toBe(false);
    expect(nestsDeeperThan(String.raw`["\\", [[[[]]]]]`, 3)).toBe(true);
  });
});

describe("a left-out entry in one line (a YAML comment, a terminal line)", () => {
  const line = (where: string) => leftOutLine({ where, why: "why" });
  it("no line break can end the comment, no control character reaches the terminal", () => {
    expect(line("a\nb\r\u2028c\u0085d\u001b[2J")).toBe("a b  c\\x85d\\x1b[2J: why");
    expect(line("x".repeat(300))).toHaveLength(201 + ": why".length);
    expect(line("Chloé <b>")).toBe("Chloé <b>: why");
  });
});

describe("what an error means", () => {
  const error = (status: number | undefined, code: string) =>
    new InfomaniakApiError("GET /1/mail_hostings/10/mailboxes/support", status, code, "…");

  it("only a 404 about the object itself means absent: a wrong route, another status or no answer never does", () => {
    expect(error(404, "object_not_found").isNotFound()).toBe(true);
    expect(error(404, "mailbox_not_found").isNotFound()).toBe(true);
    // A wrong route says nothing about the access: reading it as "removed" would lose it from the state.
    expect(error(404, "method_not_found").isNotFound()).toBe(false);
    for (const [status, code] of [
      [403, "all_scopes"],
      [410, "gone"],
      [500, "server_error"],
      [undefined, CLIENT_ERROR_CODES.deadlineExceeded],
    ] as const)
      expect(error(status, code).isNotFound()).toBe(false);
  });
});

describe("an API error's message: what happened, Infomaniak's code, and the fix its code alone says", () => {
  const message = (status: number | undefined, code: string, details = {}) =>
    new InfomaniakApiError("GET /1/accounts", status, code, "Refused", details).message;

  it("a refused token: where it came from decides the fix", () => {
    expect(message(401, "not_authorized")).toBe(
      "Infomaniak API GET /1/accounts failed: 401 not_authorized: Refused (check infomaniak:token or INFOMANIAK_TOKEN; `pulumi refresh` uses the token recorded at the last `pulumi up`: after changing it, run `pulumi refresh --run-program` or `pulumi up` first)",
    );
    expect(message(401, "not_authorized", { tokenEnv: "ACME_TOKEN" })).toBe(
      "Infomaniak API GET /1/accounts failed: 401 not_authorized: Refused (the token in the environment variable ACME_TOKEN was refused: set ACME_TOKEN to a current API token)",
    );
  });

  it("a missing scope says which scopes; any other code adds nothing", () => {
    expect(message(403, "all_scopes")).toBe(
      "Infomaniak API GET /1/accounts failed: 403 all_scopes: Refused (the API token lacks this scope: create a token in the Manager with the scopes accounts and mail)",
    );
    expect(message(403, "forbidden", { tokenEnv: "ACME_TOKEN" })).toBe(
      "Infomaniak API GET /1/accounts failed: 403 forbidden: Refused",
    );
  });

  it("no answer, field errors and the request id", () => {
    expect(
      message(undefined, "network_error", {
        fieldErrors: [{ attribute: "email", description: "is invalid", code: "validation_email" }],
        requestId: "r-1",
      }),
    ).toBe(
      "Infomaniak API GET /1/accounts failed: no answer network_error: Refused; email: is invalid (validation_email) [request id r-1]",
    );
  });
});
