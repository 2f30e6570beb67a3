import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { z } from "zod";

/**
 * Where the limiter remembers its recent requests across processes. The engine starts a new provider
 * process for every `preview`, `up` or `refresh`; without this, `pulumi preview && pulumi up` would
 * spend the minute's budget twice and meet the API's 429. Best effort: a missing or unreadable file
 * means no memory, never a failure.
 */
export interface LimiterJournal {
  load(): number[];
  save(finishedAt: number[]): void;
}

const Entries = z.array(z.number());

/** A small JSON file under the OS temp folder, named by a hash of the API URL and token (never the token). */
export function fileJournal(apiUrl: string, token: string): LimiterJournal {
  const key = createHash("sha256").update(`${apiUrl}\n${token}`).digest("hex").slice(0, 24);
  const path = join(tmpdir(), "pulumi-infomaniak-mailbox", `limiter-${key}.json`);
  return {
    load() {
      try {
        const parsed = Entries.safeParse(JSON.parse(readFileSync(path, "utf8")));
        return parsed.success ? parsed.data : [];
      } catch {
        return [];
      }
    },
    save(finishedAt) {
      try {
        mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
        const temp = `${path}.${process.pid}.tmp`;
        writeFileSync(temp, JSON.stringify(finishedAt), { mode: 0o600 });
        renameSync(temp, path);
      } catch {
        // Memory is an optimisation: the limiter still holds within this process.
      }
    },
  };
}
