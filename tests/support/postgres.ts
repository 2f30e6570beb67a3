import { execFile } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * A real PostgreSQL server for the engine's `postgres://` backend: Debian's package (`.ci/run`
 * installs it when absent), started by the test in a temporary data folder on a loopback port, and
 * stopped afterwards. Nothing else on the machine is touched.
 */
export interface Postgres {
  /** The backend URL for PULUMI_BACKEND_URL. */
  url: string;
  stop(): Promise<void>;
}

/** The folder holding `initdb` and `pg_ctl`: on PATH, or where Debian's package puts them. */
export function postgresBin(): string | undefined {
  const onPath = (process.env["PATH"] ?? "").split(":").find((dir) => existsSync(join(dir, "pg_ctl")));
  if (onPath) return onPath;
  const debian = "/usr/lib/postgresql";
  if (!existsSync(debian)) return undefined;
  const versions = readdirSync(debian).sort((a, b) => Number(b) - Number(a));
  return versions.map((v) => join(debian, v, "bin")).find((dir) => existsSync(join(dir, "pg_ctl")));
}

/** `describe`, or, without PostgreSQL, `describe.skip` whose title says why. */
export function describeWithPostgres(title: string, body: () => void): void {
  if (postgresBin()) describe(title, body);
  else describe.skip(`${title} (skipped: no PostgreSQL server; .ci/run installs Debian's postgresql)`, body);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/** PostgreSQL refuses to run as root: as root, its commands run as the `postgres` user. */
function asServerUser(bin: string, command: string, args: string[]) {
  const path = join(bin, command);
  return process.getuid?.() === 0 ? run("runuser", ["-u", "postgres", "--", path, ...args]) : run(path, args);
}

export async function startPostgres(): Promise<Postgres> {
  const bin = postgresBin();
  if (!bin) throw new Error("no PostgreSQL server: install Debian's postgresql");
  const dir = mkdtempSync(join(tmpdir(), "pulumi-postgres-"));
  if (process.getuid?.() === 0) {
    const { stdout } = await run("id", ["-u", "postgres"]);
    const { stdout: group } = await run("id", ["-g", "postgres"]);
    chownSync(dir, Number(stdout.trim()), Number(group.trim()));
  }
  const data = join(dir, "data");
  const port = await freePort();
  await asServerUser(bin, "initdb", ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync"]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  await asServerUser(bin, "pg_ctl", [
    "-D",
    data,
    "-o",
    options,
    "-l",
    join(dir, "server.log"),
    "-w",
    "start",
  ]);
  return {
    // The server's own database: the engine creates its table there.
    url: `postgres://postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    async stop() {
      await asServerUser(bin, "pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
