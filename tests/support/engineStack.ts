import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { PulumiCommand, Stack } from "@pulumi/pulumi/automation";
import { openLocalStack } from "../../sdk/automation/localStack";
import { TEST_TODAY, TOKENS } from "./simulator";
import type { TestSimulator } from "./simulator";
import { makeTempDir } from "./tempDir";

export interface EngineStack {
  stack: Stack;
  /** The state as the backend stores it (secrets encrypted), parsed. */
  exportedState(): Promise<{ resources: StateResource[] }>;
  /** The stored state as `pulumi stack export` writes it, secrets still encrypted: what `importStack` takes. */
  storedDeployment(): Promise<{ version: number; deployment: { resources?: StateResource[] } }>;
  /** Every file the backend wrote (state, backups, history), as one text to search. */
  backendText(): string;
  remove(): void;
}

export interface StateResource {
  urn: string;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

/**
 * A stack on a fresh `file://` backend whose provider talks to the simulator, configured the way a
 * user would: `infomaniak:apiUrl`, and the token as a secret `infomaniak:token`.
 */
export async function simulatorStack(
  sim: TestSimulator,
  name: string,
  program: () => Record<string, unknown> | void,
  extraConfig: Record<string, string> = {},
  pulumiCommand?: PulumiCommand,
  env?: Record<string, string>,
): Promise<EngineStack> {
  const temp = makeTempDir(`stack-${name}`);
  const stack = await openLocalStack({
    projectName: `e2e-${name}`,
    stackName: "test",
    stateDir: temp.path,
    ...(pulumiCommand ? { pulumiCommand } : {}),
    ...(env ? { env } : {}),
    // async: a program that throws rejects the run instead of escaping into the test process.
    program: async () => Promise.resolve(program() ?? {}),
    config: {
      "infomaniak:apiUrl": { value: sim.url },
      "infomaniak:token": { value: TOKENS.full, secret: true },
      "infomaniak:requestsPerMinute": { value: "100000" },
      "infomaniak:backoffBaseMs": { value: "10" },
      // Spec files' end dates are counted against this day, not the day the tests run.
      "infomaniak:today": { value: TEST_TODAY },
      ...Object.fromEntries(Object.entries(extraConfig).map(([key, value]) => [key, { value }])),
    },
  });
  // Read from disk: the Automation API's exportStack decrypts secrets (--show-secrets).
  const storedDeployment = () => {
    const file = join(temp.path, "backend", ".pulumi", "stacks", `e2e-${name}`, "test.json");
    const stored = JSON.parse(readFileSync(file, "utf8")) as {
      version: number;
      checkpoint: { latest?: { resources?: StateResource[] } };
    };
    return Promise.resolve({ version: stored.version, deployment: stored.checkpoint.latest ?? {} });
  };
  return {
    stack,
    storedDeployment,
    async exportedState() {
      return { resources: (await storedDeployment()).deployment.resources ?? [] };
    },
    backendText() {
      const files = readdirSync(join(temp.path, "backend"), { recursive: true, withFileTypes: true });
      return files
        .filter((f) => f.isFile())
        .map((f) => readFileSync(join(f.parentPath, f.name), "utf8"))
        .join("\n");
    },
    remove: () => temp.remove(),
  };
}

/** Writes the simulator applied: non-GET requests it answered with success (a refused POST changes nothing). */
export async function writeCount(sim: TestSimulator): Promise<number> {
  const { routes } = await sim.admin.requests();
  return routes
    .filter((r) => r.method !== "GET")
    .reduce(
      (sum, r) =>
        sum +
        Object.entries(r.statuses).reduce((n, [status, count]) => n + (/^2/.test(status) ? count : 0), 0),
      0,
    );
}

/** Every non-GET request the simulator answered, whatever its status: a refused write is a request too. */
export async function nonGetCount(sim: TestSimulator): Promise<number> {
  const { routes } = await sim.admin.requests();
  return routes.filter((r) => r.method !== "GET").reduce((sum, r) => sum + r.count, 0);
}
