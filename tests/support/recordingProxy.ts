import { createServer } from "node:http";
import { request } from "undici";
import { serveOnLoopback } from "./loopback";

export interface RecordedRequest {
  method: string;
  /** The path as sent, without the query string (still percent-encoded). */
  path: string;
  /** The JSON body, parsed; undefined when there was none. */
  body: unknown;
  /** The status the target answered. */
  status: number;
}

/**
 * A loopback proxy in front of `target` that records every request a client sends (method, path,
 * body) and hands it on unchanged: what a client really sends, seen from outside it.
 */
export async function startRecordingProxy(
  target: string,
): Promise<{ url: string; requests: RecordedRequest[]; stop: () => Promise<void> }> {
  const requests: RecordedRequest[] = [];
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const url = incoming.url ?? "/";
      const method = incoming.method ?? "GET";
      const headers = { ...incoming.headers, host: undefined, connection: undefined };
      request(`${target}${url}`, { method, headers, body: text === "" ? null : text })
        .then(async (answer) => {
          const body = await answer.body.text();
          requests.push({
            method,
            path: url.split("?")[0] ?? url,
            body: text === "" ? undefined : (JSON.parse(text) as unknown),
            status: answer.statusCode,
          });
          outgoing.writeHead(answer.statusCode, { "content-type": "application/json" });
          outgoing.end(body);
        })
        .catch(() => outgoing.destroy());
    });
  });
  return { ...(await serveOnLoopback(server)), requests };
}
