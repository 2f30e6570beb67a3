import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { request } from "undici";
import { SimulatorAdmin, loadSeed, QUICKSTART_SEED, startSimulator } from "../../simulator";
import { TOKENS } from "../support/simulator";
import { makeTempDir } from "../support/tempDir";

const WEBMAIL = "/1/mail_hostings/10/mailboxes/support/accesses/webmail";

async function post(url: string, body: unknown): Promise<number> {
  const response = await request(url, {
    method: "POST",
    headers: { authorization: `Bearer ${TOKENS.full}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  await response.body.dump();
  return response.statusCode;
}

describe("the simulator as a process and a store", () => {
  it("starts from the command line on a free port and answers", async () => {
    const child = spawn(
      process.execPath,
      [join(__dirname, "../../dist/cli/main.js"), "simulator", "--port", "0"],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on("data", (chunk: Buffer) => {
          const found = /listening on (http:\/\/\S+)/.exec(chunk.toString());
          if (found?.[1]) resolve(found[1]);
        });
        child.once("exit", (code) => reject(new Error(`simulator exited with ${code}`)));
      });
      const response = await request(`${url}/1/accounts`, {
        headers: { authorization: `Bearer ${TOKENS.full}` },
      });
      expect(response.statusCode).toBe(200);
      await response.body.dump();
    } finally {
      child.kill("SIGTERM");
    }
  });

  it("keeps its state in a JSON file across restarts", async () => {
    const temp = makeTempDir("simulator-persist");
    const persistPath = join(temp.path, "state.json");
    try {
      const first = await startSimulator({
        seed: loadSeed(QUICKSTART_SEED),
        persistPath,
        rateLimit: { perWindow: 0 },
      });
      expect(await post(`${first.url}${WEBMAIL}`, { user_id: 3 })).toBe(201);
      await first.stop();
      expect(readFileSync(persistPath, "utf8")).toContain('"mailboxName": "support"');

      const second = await startSimulator({
        seed: loadSeed(QUICKSTART_SEED),
        persistPath,
        rateLimit: { perWindow: 0 },
      });
      const state = await new SimulatorAdmin(second.url).state();
      await second.stop();
      expect(state.accesses.filter((a) => a.mailboxName === "support").map((a) => a.userId)).toEqual([3]);
    } finally {
      temp.remove();
    }
  });

  it("stays consistent under concurrent writes: one grant wins, the others meet 409", async () => {
    const sim = await startSimulator({ seed: loadSeed(QUICKSTART_SEED), rateLimit: { perWindow: 0 } });
    try {
      const statuses = await Promise.all(
        Array.from({ length: 20 }, () => post(`${sim.url}${WEBMAIL}`, { user_id: 4 })),
      );
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(19);
      const distinct = await Promise.all(
        [1, 2, 3].map((userId) => post(`${sim.url}${WEBMAIL}`, { user_id: userId })),
      );
      expect(distinct).toEqual([201, 201, 201]);
      expect(sim.store.state.accesses.filter((a) => a.mailboxName === "support")).toHaveLength(4);
    } finally {
      await sim.stop();
    }
  });
});
