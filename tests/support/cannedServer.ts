import { createServer } from "node:http";
import type { IncomingHttpHeaders, ServerResponse } from "node:http";
import { serveOnLoopback } from "./loopback";

export interface CannedAnswer {
  status: number;
  body: string;
  /** Extra headers (a declared length, say). */
  headers?: Record<string, string>;
  /** Writes the body instead of `body`, after the headers: for answers that trickle or never end. */
  stream?: (response: ServerResponse) => void;
}

/**
 * A loopback server that answers each path with a fixed status and body, or with what a function
 * answers for it: for answers the simulator never gives. It records each request's headers.
 */
export async function startCannedServer(
  answers: Record<string, CannedAnswer> | ((path: string) => CannedAnswer | undefined),
): Promise<{ url: string; headers: IncomingHttpHeaders[]; stop: () => Promise<void> }> {
  const headers: IncomingHttpHeaders[] = [];
  const server = createServer((request, response) => {
    headers.push(request.headers);
    const path = new URL(request.url ?? "/", "http://canned").pathname;
    const answer = (typeof answers === "function" ? answers(path) : answers[path]) ?? {
      status: 404,
      body: "",
    };
    response.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
    if (answer.stream) answer.stream(response);
    else response.end(answer.body);
  });
  return { ...(await serveOnLoopback(server)), headers };
}

/** A success envelope around `data`, as a canned 200 answer. */
export function success(data: unknown, extra: Record<string, unknown> = {}): CannedAnswer {
  return { status: 200, body: JSON.stringify({ result: "success", data, ...extra }) };
}

/** Writes `chunk()` every `everyMs` until the client goes away (or `stop` says the body is done). */
function repeatedly(everyMs: number, chunk: () => string): (response: ServerResponse) => void {
  return (response) => {
    const timer = setInterval(() => response.write(chunk()), everyMs);
    response.on("close", () => clearInterval(timer));
  };
}

/**
 * Answers that misbehave while they arrive, each a 200 whose body: trickles one space every `everyMs`
 * (never idle long enough for a client's idle timers); never ends (64 KiB every millisecond); declares
 * a gigabyte; or nests arrays `levels` deep (valid JSON, a few megabytes).
 */
export const MISBEHAVING = {
  trickle: (everyMs: number): CannedAnswer => ({
    status: 200,
    body: "",
    stream: repeatedly(everyMs, () => " "),
  }),
  endless: (): CannedAnswer => ({
    status: 200,
    body: "",
    stream: (response) => {
      response.write('{"result":"success","data":[');
      repeatedly(1, () => '{"id":1},'.repeat(7_000))(response);
    },
  }),
  huge: (): CannedAnswer => ({
    status: 200,
    body: "",
    headers: { "content-length": String(1024 ** 3) },
    stream: repeatedly(1, () => " ".repeat(65_536)),
  }),
  deep: (levels: number): CannedAnswer => ({
    status: 200,
    body: `{"result":"success","data":${"[".repeat(levels)}${"]".repeat(levels)}}`,
  }),
} as const;
