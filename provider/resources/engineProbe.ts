import { randomUUID } from "node:crypto";
import { z } from "zod";
import { failuresOf } from "../engine/protocol";
import { packageInfo } from "../packageInfo";
import type { ResourceImplementation } from "../resourceImplementation";

/**
 * A resource with no remote side. It proves that the engine, the serialized stub and the installed
 * provider package work together (its output is the version of the implementation that ran), and it
 * is the engine baseline of the benchmark.
 */
const Inputs = z.object({ label: z.string().min(1, "label must not be empty") });

const Outputs = Inputs.extend({ providerVersion: z.string() });

function outputs(inputs: z.infer<typeof Inputs>): z.infer<typeof Outputs> {
  return { label: inputs.label, providerVersion: packageInfo().version };
}

export const engineProbe: ResourceImplementation = {
  check(_olds, news) {
    const parsed = Inputs.safeParse(news);
    if (parsed.success) return Promise.resolve({ inputs: parsed.data });
    return Promise.resolve({ failures: failuresOf(parsed.error) });
  },
  diff(_id, olds, news) {
    const changed = Outputs.parse(olds).label !== Inputs.parse(news).label;
    return Promise.resolve({ changes: changed });
  },
  create(inputs) {
    return Promise.resolve({ id: randomUUID(), outs: outputs(Inputs.parse(inputs)) });
  },
  read(id, props) {
    return Promise.resolve({ id, props: Outputs.parse(props) });
  },
  update(_id, _olds, news) {
    return Promise.resolve({ outs: outputs(Inputs.parse(news)) });
  },
  delete() {
    return Promise.resolve();
  },
};
