import { join } from "node:path";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { openLocalStack } from "../automation/localStack";

export interface DemoOptions {
  /** Where the demo keeps its local state backend (survives between runs). */
  stateDir: string;
  write: (text: string) => void;
}

/** Previews, then applies, the quick start example on a local file backend. */
export async function runDemo(options: DemoOptions): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const example = require(join(__dirname, "../examples/quickstart")) as () => Record<string, unknown>;
  const program: PulumiFn = () => Promise.resolve(example());
  const stack = await openLocalStack({
    projectName: "infomaniak-mailbox-quickstart",
    stackName: "demo",
    stateDir: options.stateDir,
    program,
  });
  options.write(`State: ${options.stateDir} (stack "demo")\n\n== pulumi preview ==\n`);
  const preview = await stack.preview({ onOutput: options.write, color: "never" });
  options.write(`\n== pulumi up ==\n`);
  const up = await stack.up({ onOutput: options.write, color: "never" });
  const changes = Object.entries(preview.changeSummary)
    .map(([op, count]) => `${op}: ${count}`)
    .join(", ");
  options.write(`\nPreview planned { ${changes} }; up ${up.summary.result}.\n`);
}
