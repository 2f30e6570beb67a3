import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { loadSeed, QUICKSTART_SEED, startSimulator } from "../../simulator";
import type { CommandSpec } from "../shared/options";

export const DEMO_COMMAND = {
  name: "demo",
  summary: "Preview, then apply, the quick start example against the simulator, on a local state backend.",
  options: {
    state: {
      type: "string",
      value: "DIR",
      default: ".pulumi-local/demo",
      help: "where the state backend and the simulator's data are kept between runs",
    },
  },
} as const satisfies CommandSpec;

export interface DemoOptions {
  /** Where the demo keeps its state backend and the simulator's data (both survive between runs). */
  stateDir: string;
  write: (text: string) => void;
}

/** The quick start seed's token with both scopes. */
const DEMO_TOKEN = "demo-token-acme-0123456789";

/**
 * Starts the bundled simulator (its data kept beside the stack state), then previews and applies the
 * quick start example against it. A second run previews no changes.
 */
export async function runDemo(options: DemoOptions): Promise<{ planned: Record<string, number> }> {
  mkdirSync(options.stateDir, { recursive: true });
  const simulator = await startSimulator({
    seed: loadSeed(QUICKSTART_SEED),
    persistPath: join(options.stateDir, "simulator-state.json"),
  });
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const example = require(join(__dirname, "../../examples/quickstart")) as () => Record<string, unknown>;
    const program: PulumiFn = () => Promise.resolve(example());
    // Loaded here: the Pulumi SDK takes a second to load, which every other command and --help would pay.
    const { openLocalStack } = await import("../../sdk/automation/localStack");
    const stack = await openLocalStack({
      projectName: "infomaniak-mailbox-quickstart",
      stackName: "demo",
      stateDir: options.stateDir,
      program,
      config: {
        "infomaniak:apiUrl": { value: simulator.url },
        "infomaniak:token": { value: DEMO_TOKEN, secret: true },
      },
    });
    options.write(
      `Simulated Infomaniak API: ${simulator.url}\nState: ${options.stateDir} (stack "demo")\n\n== pulumi preview ==\n`,
    );
    const preview = await stack.preview({ onOutput: options.write, color: "never", diff: true });
    options.write(`\n== pulumi up ==\n`);
    const up = await stack.up({ onOutput: options.write, color: "never" });
    const changes = Object.entries(preview.changeSummary)
      .map(([op, count]) => `${op}: ${count}`)
      .join(", ");
    options.write(
      `\nPreview planned { ${changes} }; up ${up.summary.result}. Run the demo again: it previews no changes.\n`,
    );
    return { planned: preview.changeSummary };
  } finally {
    await simulator.stop();
  }
}
