import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { ADMIN_PREFIX, handleAdmin } from "./admin";
import { ApiFailure } from "./apiFailure";
import type { FaultRule } from "./faults";
import { Faults } from "./faults";
import type { State, StateInput } from "./model";
import { TokenRateLimit } from "./rateLimit";
import { RequestCounters } from "./requestCounters";
import { loadSeed } from "./seedFile";
import type { Reply, Route } from "./router";
import { Router } from "./router";
import { accountRoutes } from "./routes/accounts";
import { legacyAccessRoutes } from "./routes/legacyAccesses";
import { mailboxRoutes } from "./routes/mailboxes";
import type { RouteEnv } from "./routes/routeEnv";
import { webmailAccessRoutes } from "./routes/webmailAccesses";
import { SimulatorStore, StateView } from "./store";
import { WriteJournal } from "./writeJournal";

export interface SimulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Loopback only by default. */
  host?: string;
  seed: StateInput;
  /** Keep the state in this JSON file: loaded at start when it exists, written after every change. */
  persistPath?: string;
  /** Requests per token per window (default 60 a minute, as assumed for Infomaniak); 0 turns it off. */
  rateLimit?: { perWindow: number; windowMs?: number };
}

export interface RunningSimulator {
  url: string;
  /** Every API route served, as `METHOD template`. */
  routes: string[];
  store: SimulatorStore;
  faults: Faults;
  rateLimit: TokenRateLimit;
  counters: RequestCounters;
  journal: WriteJournal;
  stop(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES)
        reject(new ApiFailure(413, "payload_too_large", "The request body is too large"));
      else chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function parseJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiFailure(400, "invalid_json", "The request body is not valid JSON");
  }
}

function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(text)),
    "x-request-id": randomUUID(),
    ...headers,
  });
  response.end(text);
}

/** A wait that does not keep the process alive (a stopped simulator leaves no timer behind). */
function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** The per-token limit's answer (SPEC_CHOICES.rateLimit), also what the `rateLimit` fault injects. */
function tooManyRequests(retryAfterSeconds: number): ApiFailure {
  return new ApiFailure(429, "too_many_requests", "Too many requests", {
    headers: { "retry-after": String(retryAfterSeconds) },
  });
}

function bearerToken(request: IncomingMessage): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? "")?.[1];
}

/** What answers a request: the data, its faults, its limits, its counters and its routes. */
interface Simulation {
  store: SimulatorStore;
  faults: Faults;
  rateLimit: TokenRateLimit;
  counters: RequestCounters;
  journal: WriteJournal;
  router: Router;
}

/** The caller's token, checked for the route's scope and against the per-token rate limit. */
function authorise(sim: Simulation, request: IncomingMessage, route: Route): State["tokens"][number] {
  const token = bearerToken(request);
  const known = sim.store.state.tokens.find((t) => t.token === token);
  if (!token || !known) throw new ApiFailure(401, "not_authorized", "Missing or invalid access token");
  if (!known.scopes.includes(route.scope)) {
    // SPEC_CHOICES.missingScope: the live answer, word for word.
    throw new ApiFailure(403, "all_scopes", `This method require this specific scope:"${route.scope}"`, {
      context: { scopes: [route.scope] },
    });
  }
  const admitted = sim.rateLimit.admit(token);
  if (!admitted.ok) throw tooManyRequests(admitted.retryAfterSeconds);
  return known;
}

/**
 * The faults that strike before the route runs: an error or a 429 is thrown; a reset or a timeout
 * leaves the request without an answer (true).
 */
/** The answer one byte every `delayMs`, until it ends or the client gives up (the `trickle` fault). */
function trickle(response: ServerResponse, status: number, text: string, delayMs: number): void {
  response.writeHead(status, { "content-type": "application/json", "x-request-id": randomUUID() });
  let sent = 0;
  const timer = setInterval(() => {
    if (sent < text.length) response.write(text.charAt(sent++));
    else {
      clearInterval(timer);
      response.end();
    }
  }, delayMs);
  response.on("close", () => clearInterval(timer));
}

async function faultBefore(
  sim: Simulation,
  request: IncomingMessage,
  fault: FaultRule | undefined,
  counted: { method: string; template: string },
): Promise<boolean> {
  if (fault?.kind === "reset" || fault?.kind === "timeout") {
    sim.counters.record(counted.method, counted.template, "no-response");
    if (fault.kind === "timeout") await sleep(fault.delayMs);
    request.socket.destroy();
    return true;
  }
  if (fault?.kind === "error")
    throw new ApiFailure(fault.status, "unexpected_error", "Injected server error");
  if (fault?.kind === "rateLimit") throw tooManyRequests(fault.retryAfterSeconds);
  return false;
}

/** An API request: routed, authorised, perhaps faulted, handled, answered in Infomaniak's envelope. */
async function handleApi(sim: Simulation, request: IncomingMessage, response: ServerResponse, url: URL) {
  const method = request.method ?? "GET";
  const match = sim.router.match(method, url.pathname);
  const template = "route" in match ? match.route.template : "(unknown)";
  const answer = (status: number, body: unknown, headers?: Record<string, string>) => {
    sim.counters.record(method, template, status);
    send(response, status, body, headers);
  };
  try {
    if (!("route" in match)) throw new ApiFailure(404, "method_not_found", "Method not found");
    const caller = authorise(sim, request, match.route);
    if (sim.faults.latencyMs > 0) await sleep(sim.faults.latencyMs);
    const fault = sim.faults.pick(method, template);
    if (await faultBefore(sim, request, fault, { method, template })) return;
    const body = parseJson(await readBody(request));
    const reply: Reply = match.route.handle({
      params: match.params,
      query: url.searchParams,
      body,
      tokenUserId: caller.userId,
    });
    if (fault?.kind === "lostResponse") {
      sim.counters.record(method, template, "no-response");
      request.socket.destroy();
      return;
    }
    const envelope = { result: "success", data: reply.data, ...reply.extra };
    if (fault?.kind === "trickle") {
      sim.counters.record(method, template, reply.status ?? 200);
      trickle(response, reply.status ?? 200, JSON.stringify(envelope), fault.delayMs);
      return;
    }
    answer(reply.status ?? 200, envelope);
  } catch (error) {
    if (error instanceof ApiFailure) answer(error.status, error.body(), error.headers);
    else {
      console.error("simulator: unexpected error", error);
      answer(500, new ApiFailure(500, "unexpected_error", "Unexpected error").body());
    }
  }
}

/** An admin request (tests, demos): no token, no rate limit, not counted. */
async function handleAdminRequest(
  sim: Simulation,
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
) {
  try {
    const body = parseJson(await readBody(request));
    send(response, 200, { result: "success", data: handleAdmin(sim, request.method ?? "GET", path, body) });
  } catch (error) {
    const failure =
      error instanceof ApiFailure ? error : new ApiFailure(500, "unexpected_error", String(error));
    send(response, failure.status, failure.body());
  }
}

/** What the routes read and write through: reads may lag (a fault), every write is journalled. */
function routeEnv(store: SimulatorStore, faults: Faults, journal: WriteJournal): RouteEnv {
  return {
    store,
    read: () => new StateView(store.stateForRead(faults.readLagMs)),
    write: (change) =>
      journal.around(
        () => store.state,
        () => store.write(faults.readLagMs, () => change(new StateView(store.state))),
      ),
  };
}

/** Starts the simulated Infomaniak API on loopback. */
export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const store = new SimulatorStore(options.seed, options.persistPath);
  if (options.persistPath && existsSync(options.persistPath)) {
    // A hand-edited state file is explained by path, as a seed is.
    store.replace(loadSeed(options.persistPath));
  }
  const faults = new Faults();
  const journal = new WriteJournal();
  const env = routeEnv(store, faults, journal);
  const routes = [
    ...accountRoutes(env),
    ...mailboxRoutes(env),
    ...webmailAccessRoutes(env),
    ...legacyAccessRoutes(env),
  ];
  const sim: Simulation = {
    store,
    faults,
    rateLimit: new TokenRateLimit(options.rateLimit?.perWindow ?? 60, options.rateLimit?.windowMs ?? 60_000),
    counters: new RequestCounters(),
    journal,
    router: new Router(routes),
  };

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://simulator");
    const handled = url.pathname.startsWith(`${ADMIN_PREFIX}/`)
      ? handleAdminRequest(sim, request, response, url.pathname.slice(ADMIN_PREFIX.length))
      : handleApi(sim, request, response, url);
    handled.catch((error: unknown) => {
      console.error("simulator: failed to answer", error);
      response.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    routes: routes.map((r) => `${r.method} ${r.template}`),
    store,
    faults,
    rateLimit: sim.rateLimit,
    counters: sim.counters,
    journal,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
