import { z } from "zod";

/**
 * One resource as the engine writes it in every machine-readable output: a preview's steps, engine
 * events, `pulumi stack export`, a checkpoint. Inputs and outputs are read by the kind's reader
 * (provider/resourceProps.ts); everything else in the envelope is ignored.
 */
export const ResourceEnvelope = z.looseObject({
  urn: z.string(),
  type: z.string(),
  inputs: z.record(z.string(), z.unknown()).nullish(),
  outputs: z.record(z.string(), z.unknown()).nullish(),
});
export type ResourceEnvelope = z.infer<typeof ResourceEnvelope>;

/** A deployment's resources (`pulumi stack export`'s `deployment`, a checkpoint's `checkpoint.latest`). */
export const Deployment = z.looseObject({ resources: z.array(ResourceEnvelope).nullish() });

/** `pulumi stack export`: its resources (secrets stay encrypted: nothing here reads them). */
export const StackExport = z.looseObject({ deployment: Deployment });

/** `urn:pulumi:<stack>::<project>::…`: the stack and project a resource belongs to. */
export function scopeOfUrn(urn: string): { stack: string | undefined; project: string | undefined } {
  const [stack, project] = urn.replace(/^urn:pulumi:/, "").split("::");
  return { stack: stack || undefined, project: project || undefined };
}
