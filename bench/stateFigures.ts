import { readFileSync, statSync } from "node:fs";
import { z } from "zod";

const CheckpointFile = z.object({
  checkpoint: z.object({
    latest: z.object({
      resources: z.array(z.object({ inputs: z.object({ __provider: z.string().optional() }).optional() })),
    }),
  }),
});

/** The state's size per managed resource, and the largest serialized provider among them. */
export function stateFigures(stateFile: string): {
  serializedProviderBytes: number;
  stateBytes: number;
  stateBytesPerResource: number;
} {
  const state = CheckpointFile.parse(JSON.parse(readFileSync(stateFile, "utf8")));
  const providers = state.checkpoint.latest.resources.flatMap((r) =>
    r.inputs?.__provider === undefined ? [] : [Buffer.byteLength(r.inputs.__provider)],
  );
  const stateBytes = statSync(stateFile).size;
  return {
    serializedProviderBytes: Math.max(0, ...providers),
    stateBytes,
    stateBytesPerResource: Math.round(stateBytes / Math.max(1, providers.length)),
  };
}
