import { createServer } from "node:http";
import type { IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface CannedAnswer {
  status: number;
  body: string;
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
    response.writeHead(answer.status, { "content-type": "application/json" });
    response.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    headers,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A success envelope around `data`, as a canned 200 answer. */
export function success(data: unknown, extra: Record<string, unknown> = {}): CannedAnswer {
  return { status: 200, body: JSON.stringify({ result: "success", data, ...extra }) };
}
