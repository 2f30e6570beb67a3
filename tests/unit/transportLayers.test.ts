import { z } from "zod";
import { CLIENT_ERROR_CODES, InfomaniakApiError } from "../../provider/api/errors";
import { RateLimiter } from "../../provider/api/rateLimiter";
import type { Answer, Call, Send } from "../../provider/api/transport/call";
import { apiPath } from "../../provider/api/transport/call";
import { refuseWrites, requireToken } from "../../provider/api/transport/guards";
import { readAnswer } from "../../provider/api/transport/readAnswer";
import { MAX_RATE_LIMITED_ATTEMPTS, retrying } from "../../provider/api/transport/retry";
import { RequestSender } from "../../provider/api/transport/sendRequest";
import { throttled } from "../../provider/api/transport/throttle";
import { MISBEHAVING, startCannedServer, success } from "../support/cannedServer";

const Ids = z.array(z.object({ id: z.number() }));
const list: Call<z.infer<typeof Ids>> = {
  method: "GET",
  path: apiPath`/1/things`,
  response: Ids,
  kind: "idempotent",
};
const create: Call<true> = {
  method: "POST",
  path: apiPath`/1/things`,
  body: { name: "a" },
  response: z.literal(true),
  kind: "create",
};

function apiError(status: number, code = `http_${status}`, retryAfterSeconds?: number): InfomaniakApiError {
  return new InfomaniakApiError("GET /1/things", status, code, "canned", { retryAfterSeconds });
}

/** A layer below the one under test: answers each call with the next of `outcomes`, and counts them. */
function scripted(outcomes: (InfomaniakApiError | "ok")[]): { send: Send; calls: () => number } {
  let calls = 0;
  const send = (<T>(call: Call<T>): Promise<Answer<T>> => {
    const outcome = outcomes[Math.min(calls++, outcomes.length - 1)];
    if (outcome === undefined || outcome === "ok")
      return Promise.resolve({ data: call.response.parse(call.kind === "create" ? true : []) });
    return Promise.reject(outcome);
  }) as Send;
  return { send, calls: () => calls };
}

async function failure(promise: Promise<unknown>): Promise<InfomaniakApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof InfomaniakApiError))
    throw new Error(`expected an InfomaniakApiError, got ${String(error)}`);
  return error;
}

const raw = (status: number, body: unknown, extra: { retryAfter?: string } = {}) => ({
  status,
  text: typeof body === "string" ? body : JSON.stringify(body),
  requestId: "req-1",
  retryAfter: extra.retryAfter,
});

/** The error `readAnswer` throws for this answer to `list`. */
function readFailure(answer: ReturnType<typeof raw>): InfomaniakApiError {
  try {
    readAnswer(list, answer);
  } catch (error) {
    if (error instanceof InfomaniakApiError) return error;
    throw error;
  }
  throw new Error("the answer was read as a success");
}

describe("reading an answer", () => {
  it("gives the data in the call's schema, and the page of a paged list", () => {
    const paged = { result: "success", data: [{ id: 1 }], total: 3, page: 1, pages: 2, items_per_page: 2 };
    expect(readAnswer(list, raw(200, paged))).toEqual({
      data: [{ id: 1 }],
      page: { total: 3, page: 1, pages: 2, itemsPerPage: 2 },
    });
    expect(readAnswer(list, raw(200, { result: "success", data: [] }))).toEqual({ data: [] });
  });

  it("turns an error envelope (whatever the status) into its code, fields and Retry-After", () => {
    const envelope = {
      result: "error",
      error: {
        code: "validation_failed",
        description: "invalid",
        errors: [{ code: "required", description: "missing", context: { attribute: "email" } }],
      },
    };
    for (const status of [422, 200]) {
      const error = readFailure(raw(status, envelope, { retryAfter: "7" }));
      expect(error).toMatchObject({ status, code: "validation_failed", endpoint: "GET /1/things" });
      expect(error.fieldErrors).toEqual([{ attribute: "email", code: "required", description: "missing" }]);
      expect(error.details).toMatchObject({ requestId: "req-1", retryAfterSeconds: 7 });
    }
  });

  it("names what is wrong with an answer that is not the envelope, or not the expected shape", () => {
    expect(readFailure(raw(502, "<html>Bad gateway</html>"))).toMatchObject({
      code: "http_502",
      description: "body: <html>Bad gateway</html>",
    });
    expect(readFailure(raw(200, "")).code).toBe(CLIENT_ERROR_CODES.invalidResponse);
    expect(readFailure(raw(200, { result: "success", data: [{ id: "1" }] })).description).toMatch(
      /^unexpected response shape: data\.0\.id/,
    );
    expect(readFailure(raw(200, `${"[".repeat(100)}${"]".repeat(100)}`)).code).toBe(
      CLIENT_ERROR_CODES.tooDeep,
    );
  });
});

describe("sending one request", () => {
  const settings = { timeoutMs: 2_000, deadlineMs: 400, maxResponseBytes: 1_000 };

  it("sends the token in the Authorization header only, names itself, and notes rate-limit headers", async () => {
    const server = await startCannedServer({
      "/1/things": { ...success([{ id: 1 }]), headers: { "x-ratelimit-remaining": "59" } },
    });
    const lines: string[] = [];
    const sender = new RequestSender({ ...settings, apiUrl: server.url }, (line) => lines.push(line));
    try {
      await expect(sender.withToken("secret-token-1")({ ...list, query: { page: 2 } })).resolves.toEqual({
        data: [{ id: 1 }],
      });
      expect(server.headers[0]).toMatchObject({ authorization: "Bearer secret-token-1" });
      expect(server.headers[0]?.["user-agent"]).toMatch(/^pulumi-infomaniak-mailbox\//);
      expect(sender.limitHeadersSeen()).toEqual({ "x-ratelimit-remaining": "59" });
      expect(lines).toEqual([expect.stringMatching(/^GET \/1\/things -> 200 \(\d+ ms\)$/)]);
    } finally {
      await sender.close();
      await server.stop();
    }
  });

  it("gives up an answer past its size cap or its deadline, and says so without the token", async () => {
    const server = await startCannedServer({
      "/1/huge": MISBEHAVING.huge(),
      "/1/trickle": MISBEHAVING.trickle(20),
    });
    const sender = new RequestSender({ ...settings, apiUrl: server.url });
    const send = sender.withToken("secret-token-2");
    try {
      const large = await failure(send({ ...list, path: apiPath`/1/huge` }));
      expect(large.code).toBe(CLIENT_ERROR_CODES.tooLarge);
      const slow = await failure(send({ ...list, path: apiPath`/1/trickle` }));
      expect(slow.code).toBe(CLIENT_ERROR_CODES.deadlineExceeded);
      expect(`${large.message} ${slow.message}`).not.toContain("secret-token-2");
    } finally {
      await sender.close();
      await server.stop();
    }
  });

  it("turns a refused connection into a network error", async () => {
    const server = await startCannedServer({});
    await server.stop();
    const sender = new RequestSender({ ...settings, apiUrl: server.url });
    const error = await failure(sender.withToken("t")(list));
    expect(error).toMatchObject({ status: undefined, code: CLIENT_ERROR_CODES.network });
    expect(error.description).toContain("ECONNREFUSED");
    await sender.close();
  });
});

describe("retrying", () => {
  const settings = { maxAttempts: 3, backoffBaseMs: 1, routeLimitWaitMs: 30 };

  it("repeats an idempotent call on a failure that may have applied, up to maxAttempts, and says so", async () => {
    const lines: string[] = [];
    const lower = scripted([apiError(503), apiError(500), "ok"]);
    await expect(retrying(settings, lower.send, (l) => lines.push(l))(list)).resolves.toEqual({ data: [] });
    expect(lower.calls()).toBe(3);
    expect(lines).toEqual([
      expect.stringMatching(/^GET \/1\/things: .*503.*; retrying in \d+ ms$/),
      expect.stringMatching(/^GET \/1\/things: .*500.*; retrying in \d+ ms$/),
    ]);
    const always = scripted([apiError(503)]);
    expect((await failure(retrying(settings, always.send)(list))).status).toBe(503);
    expect(always.calls()).toBe(3);
  });

  it("repeats a creation only when it certainly changed nothing", async () => {
    const lost = scripted([apiError(503), "ok"]);
    expect((await failure(retrying(settings, lost.send)(create))).status).toBe(503);
    expect(lost.calls()).toBe(1);
    const limited = scripted([apiError(429, "too_many_requests", 0), "ok"]);
    await expect(retrying(settings, limited.send)(create)).resolves.toEqual({ data: true });
    expect(limited.calls()).toBe(2);
  });

  it("never repeats a final answer", async () => {
    const refused = scripted([apiError(422, "validation_failed"), "ok"]);
    expect((await failure(retrying(settings, refused.send)(list))).code).toBe("validation_failed");
    expect(refused.calls()).toBe(1);
  });

  it("waits through 429s on their own allowance, beyond maxAttempts", async () => {
    const busy = scripted([apiError(429, "too_many_requests", 0)]);
    expect((await failure(retrying(settings, busy.send)(list))).status).toBe(429);
    expect(busy.calls()).toBe(MAX_RATE_LIMITED_ATTEMPTS);
  });

  it("a route's own limit: a creation hears it at once, another call waits for Retry-After alone", async () => {
    const routeLimit = apiError(429, "invitation_sending_rate_limit_reached");
    const sending = scripted([routeLimit, "ok"]);
    expect((await failure(retrying(settings, sending.send)(create))).code).toBe(routeLimit.code);
    expect(sending.calls()).toBe(1);
    const lines: string[] = [];
    const reading = scripted([routeLimit, "ok"]);
    await retrying(settings, reading.send, (l) => lines.push(l))(list);
    expect(lines).toEqual([expect.stringMatching(/retrying in 30 ms$/)]);
  });
});

describe("throttling", () => {
  it("holds the limiter's slot while a request runs", async () => {
    // A window shorter than the request: a slot released when the request starts would be free again
    // before the check, and the waiting acquire ends soon after, leaving no timer behind.
    const limiter = new RateLimiter(1, 100);
    let answered = false;
    const slow = throttled(limiter, (async () => {
      await new Promise((r) => setTimeout(r, 300));
      answered = true;
      return { data: [] };
    }) as Send);
    const first = slow(list);
    const second = limiter.acquire().then((release) => (release(), "acquired"));
    const early = await Promise.race([second, new Promise((r) => setTimeout(() => r("waiting"), 200))]);
    expect(early).toBe("waiting");
    await first;
    expect(answered).toBe(true);
    await expect(second).resolves.toBe("acquired");
  });

  it("pauses everyone on the account's 429 (Retry-After, else a second), never on a route's own limit", async () => {
    const limiter = new RateLimiter(100, 60_000);
    const pauses = jest.spyOn(limiter, "pauseFor").mockImplementation(() => undefined);
    const through = (error: InfomaniakApiError) => failure(throttled(limiter, scripted([error]).send)(list));
    await through(apiError(429, "too_many_requests", 3));
    await through(apiError(429, "too_many_requests"));
    await through(apiError(429, "invitation_sending_rate_limit_reached", 60));
    await through(apiError(503));
    expect(pauses.mock.calls).toEqual([[3], [1]]);
  });

  it("gives the slot back when the request failed", async () => {
    const limiter = new RateLimiter(1, 0);
    await failure(throttled(limiter, scripted([apiError(503)]).send)(list));
    await expect(throttled(limiter, scripted(["ok"]).send)(list)).resolves.toEqual({ data: [] });
  });
});

describe("guards", () => {
  it("a read-only client refuses any method but GET before it goes further", async () => {
    const lower = scripted(["ok"]);
    const guarded = refuseWrites(lower.send);
    for (const method of ["POST", "PUT", "PATCH", "DELETE"] as const) {
      const error = await failure(guarded({ ...create, method }));
      expect(error).toMatchObject({ code: CLIENT_ERROR_CODES.readOnly, endpoint: `${method} /1/things` });
    }
    expect(lower.calls()).toBe(0);
    await expect(guarded(list)).resolves.toEqual({ data: [] });
  });

  it("no token: the call stops there, and the error says where to set one", async () => {
    const tokens: string[] = [];
    const lower = scripted(["ok"]);
    const withToken = (token: string) => (tokens.push(token), lower.send);
    const none = await failure(requireToken({ token: undefined }, withToken)(list));
    expect(none.code).toBe(CLIENT_ERROR_CODES.missingToken);
    expect(none.message).toContain("infomaniak:token");
    const named = await failure(requireToken({ token: "", tokenEnv: "ACME_TOKEN" }, withToken)(list));
    expect(named.message).toContain("No Infomaniak API token in ACME_TOKEN");
    expect(lower.calls()).toBe(0);
    await requireToken({ token: "t-1" }, withToken)(list);
    expect(tokens).toEqual(["t-1"]);
  });
});
