import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface CannedAnswer {
  status: number;
  body: string;
}

/** A loopback server that answers each path with a fixed status and body: for answers the simulator never gives. */
export async function startCannedServer(
  answers: Record<string, CannedAnswer>,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const server = createServer((request, response) => {
    const answer = answers[new URL(request.url ?? "/", "http://canned").pathname] ?? {
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
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
