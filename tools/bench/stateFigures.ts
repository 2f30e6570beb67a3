import { existsSync, readFileSync } from "node:fs";
import type { Stack } from "@pulumi/pulumi/automation";
import { z } from "zod";

const CheckpointFile = z.object({
  checkpoint: z.object({
    latest: z.object({
      resources: z.array(z.object({ inputs: z.object({ __provider: z.string().optional() }).optional() })),
    }),
  }),
});

/**
 * The state's text: the `file://` backend's checkpoint file, or, on another backend (where the state
 * is not a file here), `pulumi stack export` in the checkpoint's shape.
 */
export async function stateText(stateFile: string, stack: Stack): Promise<string> {
  if (existsSync(stateFile)) return readFileSync(stateFile, "utf8");
  const exported = await stack.exportStack();
  const latest: unknown = exported.deployment;
  return JSON.stringify({ version: exported.version, checkpoint: { latest } });
}

/** The state's size per managed resource, and the largest serialized provider among them. */
export function stateFigures(text: string): {
  serializedProviderBytes: number;
  stateBytes: number;
  stateBytesPerResource: number;
} {
  const state = CheckpointFile.parse(JSON.parse(text));
  const providers = state.checkpoint.latest.resources.flatMap((r) =>
    r.inputs?.__provider === undefined ? [] : [Buffer.byteLength(r.inputs.__provider)],
  );
  const stateBytes = Buffer.byteLength(text);
  return {
    serializedProviderBytes: Math.max(0, ...providers),
    stateBytes,
    stateBytesPerResource: Math.round(stateBytes / Math.max(1, providers.length)),
  };
}
