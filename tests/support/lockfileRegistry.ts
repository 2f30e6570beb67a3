import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { run } from "./pulumiCli";

/** A package-lock entry: its other fields (dependencies, bin, engines…) go into the version document as they are. */
const LockEntry = z.looseObject({ version: z.string(), integrity: z.string() });
type LockEntry = z.infer<typeof LockEntry>;

const Lock = z.object({ packages: z.record(z.string(), z.unknown()) });

interface Cacache {
  get: { byDigest(cache: string, integrity: string): Promise<Buffer> };
}

/**
 * A loopback npm registry serving exactly the packages of this checkout's package-lock.json, from
 * the npm cache `npm ci` filled: `npm install` in a fresh folder then works as against the public
 * registry, without leaving the machine. `latest` is the version the checkout uses.
 */
export async function startLockfileRegistry(root: string): Promise<{ url: string; close(): Promise<void> }> {
  const lock = Lock.parse(JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")));
  const versions = new Map<string, Map<string, LockEntry>>();
  const latest = new Map<string, string>();
  for (const [path, raw] of Object.entries(lock.packages)) {
    const at = path.lastIndexOf("node_modules/");
    const entry = LockEntry.safeParse(raw);
    if (at === -1 || !entry.success) continue;
    const name = path.slice(at + "node_modules/".length);
    const known = versions.get(name) ?? new Map<string, LockEntry>();
    known.set(entry.data.version, entry.data);
    versions.set(name, known);
    if (path === `node_modules/${name}` || !latest.has(name)) latest.set(name, entry.data.version);
  }
  const cache = join((await run("npm", ["config", "get", "cache"])).stdout.trim(), "_cacache");
  const npmRoot = (await run("npm", ["root", "-g"])).stdout.trim();
  // npm's own content-addressed cache reader, as npm itself reads the cache.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cacache = require(join(npmRoot, "npm/node_modules/cacache")) as Cacache;

  let base = "";
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? "/", base).pathname);
    const tarball = /^\/-\/(.+)\/([^/]+)\.tgz$/.exec(path);
    if (tarball) {
      const entry = versions.get(tarball[1] ?? "")?.get(tarball[2] ?? "");
      if (!entry) return response.writeHead(404).end();
      cacache.get.byDigest(cache, entry.integrity).then(
        (data) => response.writeHead(200, { "content-type": "application/octet-stream" }).end(data),
        () => response.writeHead(404).end(),
      );
      return;
    }
    const name = path.slice(1);
    const known = versions.get(name);
    if (!known) return response.writeHead(404, { "content-type": "application/json" }).end("{}");
    const document = {
      name,
      "dist-tags": { latest: latest.get(name) },
      versions: Object.fromEntries(
        [...known].map(([version, entry]) => {
          const { integrity, ...fields } = entry;
          const manifest = Object.fromEntries(
            Object.entries(fields).filter(
              ([key]) => !["resolved", "dev", "peer", "optional", "funding"].includes(key),
            ),
          );
          return [
            version,
            { ...manifest, name, version, dist: { tarball: `${base}/-/${name}/${version}.tgz`, integrity } },
          ];
        }),
      ),
    };
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(document));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
