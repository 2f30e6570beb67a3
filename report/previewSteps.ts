import { z } from "zod";

/**
 * The engine's resource steps, from either of its machine-readable outputs: the digest of
 * `pulumi preview --json`, or engine events (`pulumi preview --event-log FILE`, the Automation API's
 * `onEvent`), one JSON object per line.
 */
const ResourceState = z.looseObject({
  urn: z.string(),
  type: z.string(),
  inputs: z.record(z.string(), z.unknown()).nullish(),
  outputs: z.record(z.string(), z.unknown()).nullish(),
});

const StepMetadata = z.looseObject({
  op: z.string(),
  urn: z.string(),
  old: ResourceState.nullish(),
  new: ResourceState.nullish(),
});

const PreviewDigest = z.looseObject({
  steps: z.array(
    z.looseObject({
      op: z.string(),
      urn: z.string(),
      oldState: ResourceState.nullish(),
      newState: ResourceState.nullish(),
    }),
  ),
});

const EngineEvent = z.looseObject({
  sequence: z.number(),
  timestamp: z.number(),
  resourcePreEvent: z.looseObject({ metadata: StepMetadata }).optional(),
  resOutputsEvent: z.looseObject({ metadata: StepMetadata }).optional(),
});

export interface StepState {
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
}

/** One resource's step: what it was and what it will be. `refresh` steps that found drift say so. */
export interface Step {
  op: string;
  urn: string;
  type: string;
  old?: StepState;
  new?: StepState;
  /** A refresh found the live object differs from the state (`update`) or is gone (`delete`). */
  drift?: "update" | "delete";
}

export class PreviewInputError extends Error {
  override readonly name = "PreviewInputError";
  readonly code = "unreadable_preview";
}

function stateOf(raw: z.infer<typeof ResourceState> | null | undefined): StepState | undefined {
  return raw ? { inputs: raw.inputs ?? {}, outputs: raw.outputs ?? {} } : undefined;
}

function typeOf(urn: string, ...states: (z.infer<typeof ResourceState> | null | undefined)[]): string {
  return states.find((s) => s)?.type ?? urn.split("::")[2]?.split("$").pop() ?? "";
}

function fromDigest(digest: z.infer<typeof PreviewDigest>): Step[] {
  // The digest already folds a refresh's finding into its step: an update or delete after refresh.
  return digest.steps.map((s) => ({
    op: s.op,
    urn: s.urn,
    type: typeOf(s.urn, s.newState, s.oldState),
    ...(s.oldState ? { old: stateOf(s.oldState) } : {}),
    ...(s.newState ? { new: stateOf(s.newState) } : {}),
  }));
}

function fromEvents(events: z.infer<typeof EngineEvent>[]): Step[] {
  // A preview with refresh has two steps per resource: the refresh, then the change.
  const steps = new Map<string, Step>();
  const keyOf = (m: { urn: string; op: string }) => `${m.urn}${m.op === "refresh" ? "#refresh" : ""}`;
  for (const event of events) {
    const pre = event.resourcePreEvent?.metadata;
    if (pre) {
      steps.set(keyOf(pre), {
        op: pre.op,
        urn: pre.urn,
        type: typeOf(pre.urn, pre.new, pre.old),
        ...(pre.old ? { old: stateOf(pre.old) } : {}),
        ...(pre.new ? { new: stateOf(pre.new) } : {}),
      });
    }
    const done = event.resOutputsEvent?.metadata;
    const refreshed = done ? steps.get(`${done.urn}#refresh`) : undefined;
    // A refresh's outcome arrives with its outputs event: the live object, or none when it is gone.
    if (done && refreshed && (done.op === "refresh" || done.op === "update" || done.op === "delete")) {
      const after = stateOf(done.new);
      if (done.op === "delete" || !after || Object.keys(after.outputs).length === 0)
        refreshed.drift = "delete";
      else {
        refreshed.new = after;
        if (JSON.stringify(after.outputs) !== JSON.stringify(refreshed.old?.outputs))
          refreshed.drift = "update";
      }
    }
  }
  return [...steps.values()];
}

/** Reads the engine's preview output, in either format; what is not one of them is refused, clearly. */
export function parsePreviewOutput(text: string, source: string): Step[] {
  const trimmed = text.trim();
  if (trimmed.startsWith("{") && !trimmed.includes("\n{")) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch (error) {
      throw new PreviewInputError(`${source} is not JSON: ${(error as Error).message}`);
    }
    const digest = PreviewDigest.safeParse(json);
    if (digest.success) return fromDigest(digest.data);
    const single = EngineEvent.safeParse(json);
    if (single.success) return fromEvents([single.data]);
    throw new PreviewInputError(
      `${source} is neither \`pulumi preview --json\` output nor engine events: ${digest.error.issues[0]?.message ?? ""}`,
    );
  }
  const events = trimmed
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line, i) => {
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        throw new PreviewInputError(
          `${source}:${i + 1} is not a JSON engine event: give \`pulumi preview --json\` output or an event log (--event-log)`,
        );
      }
      const parsed = EngineEvent.safeParse(json);
      if (!parsed.success) throw new PreviewInputError(`${source}:${i + 1} is not an engine event`);
      return parsed.data;
    });
  return fromEvents(events);
}
