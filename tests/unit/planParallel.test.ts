import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Client } from "../../cli/plan/clients";
import { mapBounded } from "../../cli/plan/boundedPool";
import { previewEnvs } from "../../cli/plan/rateBudget";
import { makeTempDir } from "../support/tempDir";

describe("plan --parallel", () => {
  it("runs at most N at once and keeps the items' order, whatever finishes first", async () => {
    let running = 0;
    let most = 0;
    const delays = [30, 5, 20, 1, 10, 2, 15];
    const results = await mapBounded(delays, 3, async (ms, i) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, ms));
      running--;
      return `${i}:${ms}`;
    });
    expect(results).toEqual(delays.map((ms, i) => `${i}:${ms}`));
    expect(most).toBe(3);
    expect(await mapBounded([], 4, () => Promise.resolve(1))).toEqual([]);
  });

  describe("each client's rate budget", () => {
    const temp = makeTempDir("rate-budget");
    afterAll(() => temp.remove());
    /** A client whose spec names `tokenEnv`, or none (INFOMANIAK_TOKEN). */
    const client = (stack: string, tokenEnv?: string): Client => {
      const specPath = join(temp.path, stack, "organisation.yaml");
      mkdirSync(join(temp.path, stack), { recursive: true });
      const own = tokenEnv ? `\n  tokenEnv: ${tokenEnv}` : "";
      writeFileSync(specPath, `organisation:\n  name: ${stack}\n  accountId: 1\n  mailHostingId: 2${own}\n`);
      return { stack, specFile: `${stack}/organisation.yaml`, specPath, configPath: "" };
    };
    const budgets = (clients: Client[], env: NodeJS.ProcessEnv, parallel: number) =>
      [...previewEnvs(clients, env, parallel)].map(
        ([stack, e]) => `${stack}:${e["INFOMANIAK_REQUESTS_PER_MINUTE"]}`,
      );

    it("keeps a token of its own whole, and splits a shared one by the previews that can run at once", () => {
      const clients = [
        client("a"),
        client("b"),
        client("c"),
        client("own", "OWN_TOKEN"),
        client("same", "SAME_TOKEN"),
      ];
      const env = { INFOMANIAK_TOKEN: "shared-token", OWN_TOKEN: "own-token", SAME_TOKEN: "shared-token" };
      // a, b, c and same hold one token: 4 sharing it, at most 2 at once.
      expect(budgets(clients, env, 2)).toEqual(["a:30", "b:30", "c:30", "own:undefined", "same:30"]);
      expect(budgets(clients, { ...env, INFOMANIAK_REQUESTS_PER_MINUTE: "100" }, 4)).toEqual([
        "a:25",
        "b:25",
        "c:25",
        "own:100",
        "same:25",
      ]);
      // One at a time: every preview has the whole budget, as before --parallel.
      expect(budgets(clients, env, 1)).toEqual(clients.map((c) => `${c.stack}:undefined`));
      // A setting the provider will refuse is passed on as it is, for it to name.
      expect(budgets(clients.slice(0, 2), { ...env, INFOMANIAK_REQUESTS_PER_MINUTE: "lots" }, 2)).toEqual([
        "a:lots",
        "b:lots",
      ]);
    });
  });
});
