import { z } from "zod";
import { isUnknown } from "../../provider/engine/protocol";
import { ResourceEnvelope } from "./resourceEnvelope";

/**
 * The engine's resource steps, from either of its machine-readable outputs: the digest of
 * `pulumi preview --json`, or engine events (`pulumi preview --event-log FILE`, the Automation API's
 * `onEvent`), one JSON object per line.
 */
const ResourceState = ResourceEnvelope.extend({ retainOnDelete: z.boolean().optional() });

const StepMetadata = z.looseObject({
  op: z.string(),
  urn: z.string(),
  old: ResourceState.nullish(),
  new: ResourceState.nullish(),
});

const Diagnostic = z.looseObject({ message: z.string().default(""), severity: z.string().default("") });

const PreviewDigest = z.looseObject({
  /** Present once the preview finished. */
  changeSummary: z.record(z.string(), z.number()).optional(),
  diagnostics: z.array(Diagnostic).nullish(),
  steps: z.array(
    z.looseObject({
      op: z.string(),
      urn: z.string(),
      oldState: ResourceState.nullish(),
      newState: ResourceState.nullish(),
    }),
  ),
});

/** A policy pack's verdict on a resource (or the stack), as the engine reports it. */
const PolicyEvent = z.looseObject({
  resourceUrn: z.string().optional(),
  message: z.string().default(""),
  policyName: z.string(),
  policyPackName: z.string().default(""),
  enforcementLevel: z.string().default("advisory"),
});

const EngineEvent = z.looseObject({
  sequence: z.number(),
  timestamp: z.number(),
  resourcePreEvent: z.looseObject({ metadata: StepMetadata }).optional(),
  resOutputsEvent: z.looseObject({ metadata: StepMetadata }).optional(),
  diagnosticEvent: Diagnostic.optional(),
  resOpFailedEvent: z.looseObject({}).optional(),
  policyEvent: PolicyEvent.optional(),
  /** The engine's last event: the run finished. */
  summaryEvent: z.looseObject({}).optional(),
});

export interface StepState {
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  /** Deleting the resource leaves the object at Infomaniak as it is. */
  retainOnDelete?: boolean;
}

/**
 * A step's view of a resource, read with `schema`: its outputs, overridden by its inputs, without the
 * values not known yet. A state that cannot be read stops the report: leaving a resource out would
 * misreport who has access.
 */
export function readState<T>(schema: z.ZodType<T>, step: Step, state: StepState | undefined): T | undefined {
  if (!state) return undefined;
  const known = Object.entries({ ...state.outputs, ...state.inputs }).filter(([, v]) => !isUnknown(v));
  const parsed = schema.safeParse(Object.fromEntries(known));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PreviewInputError(
      `${step.urn}: ${issue?.path.join(".") ?? ""} ${issue?.message ?? ""}: not a resource of this provider's version?`,
    );
  }
  return parsed.data;
}

/** The resource's name: the last part of its URN. */
export function nameOf(urn: string): string {
  return urn.split("::").pop() ?? urn;
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
  readonly code: "unreadable_preview" | "incomplete_preview" = "unreadable_preview";
}

/** A run the report cannot vouch for: it failed, or its output stops before its end. */
export class IncompletePreviewError extends PreviewInputError {
  override readonly code = "incomplete_preview";
}

/** A policy violation the engine reported: its rule, how it is enforced and what it says. */
export interface PolicyFinding {
  /** The resource it concerns; undefined for the stack as a whole. */
  urn: string | undefined;
  rule: string;
  pack: string;
  /** `mandatory` violations stop `up`; `advisory` ones are only shown. */
  level: string;
  message: string;
}

/** The steps of a run, and why they may not be all of them (undefined: a finished, successful run). */
export interface PreviewRun {
  steps: Step[];
  incomplete: string | undefined;
  /** What the policy packs reported (only engine events carry it, not the `--json` digest). */
  policy: PolicyFinding[];
}

/** The first error the engine reported, on one line (without its colour codes). */
function firstError(diagnostics: z.infer<typeof Diagnostic>[]): string | undefined {
  const error = diagnostics.find((d) => d.severity === "error");
  if (!error) return undefined;
  const text = error.message
    .replace(/<\{%[^%]*%\}>/g, "")
    .replace(/\s+/g, " ")
    .trim();
  const line = text.length > 300 ? `${text.slice(0, 300)}…` : text;
  return `the run failed: ${line || "an error without a message"}`;
}

function stateOf(raw: z.infer<typeof ResourceState> | null | undefined): StepState | undefined {
  return raw
    ? {
        inputs: raw.inputs ?? {},
        outputs: raw.outputs ?? {},
        ...(raw.retainOnDelete ? { retainOnDelete: true } : {}),
      }
    : undefined;
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
  // In `preview --refresh`, the change step that follows a refresh has an outputs event too.
  const refreshSettled = new Set<string>();
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
    const refreshed = done && !refreshSettled.has(done.urn) ? steps.get(`${done.urn}#refresh`) : undefined;
    // A refresh's outcome arrives with its outputs event: the live object, or none when it is gone.
    if (done && refreshed && (done.op === "refresh" || done.op === "update" || done.op === "delete")) {
      refreshSettled.add(done.urn);
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

/**
 * Reads the engine's preview output, in either format, with why it may not hold every step: a run
 * that failed, or output that stops before the engine's summary. What is not engine output is refused.
 */
export function readPreviewOutput(text: string, source: string): PreviewRun {
  const trimmed = text.trim();
  if (trimmed === "") throw new IncompletePreviewError(`${source} is empty: no preview output to report on`);
  if (trimmed.startsWith("{") && !trimmed.includes("\n{")) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch (error) {
      throw new PreviewInputError(`${source} is not JSON: ${(error as Error).message}`);
    }
    const digest = PreviewDigest.safeParse(json);
    if (digest.success) {
      const incomplete =
        firstError(digest.data.diagnostics ?? []) ??
        (digest.data.changeSummary === undefined
          ? "it has no change summary: the preview did not finish"
          : undefined);
      return { steps: fromDigest(digest.data), incomplete, policy: [] };
    }
    const single = EngineEvent.safeParse(json);
    if (single.success) return fromEventLog([single.data]);
    throw new PreviewInputError(
      `${source} is neither \`pulumi preview --json\` output nor engine events: ${digest.error.issues[0]?.message ?? ""}`,
    );
  }
  const lines = trimmed.split("\n").filter((line) => line.trim() !== "");
  const events = lines.map((line, i) => {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      if (i === lines.length - 1)
        throw new IncompletePreviewError(`${source}:${i + 1} is cut short: the event log is truncated`);
      throw new PreviewInputError(
        `${source}:${i + 1} is not a JSON engine event: give \`pulumi preview --json\` output or an event log (--event-log)`,
      );
    }
    const parsed = EngineEvent.safeParse(json);
    if (!parsed.success) throw new PreviewInputError(`${source}:${i + 1} is not an engine event`);
    return parsed.data;
  });
  return fromEventLog(events);
}

function policyFinding(event: z.infer<typeof PolicyEvent>): PolicyFinding {
  // The engine puts the policy's description on the message's first line, the violation after it.
  const lines = event.message.trim().split("\n");
  return {
    urn: event.resourceUrn,
    rule: event.policyName,
    pack: event.policyPackName,
    level: event.enforcementLevel,
    message: (lines.length > 1 ? lines.slice(1) : lines).join(" ").trim(),
  };
}

/**
 * Whether a run failed only because a policy forbade it: the engine still previews every step, then
 * fails with its bare "preview failed" and no other error.
 */
function failedOnlyOnPolicy(events: z.infer<typeof EngineEvent>[], policy: PolicyFinding[]): boolean {
  const errors = events.flatMap((e) => (e.diagnosticEvent?.severity === "error" ? [e.diagnosticEvent] : []));
  return (
    policy.some((p) => p.level === "mandatory") &&
    !events.some((e) => e.resOpFailedEvent) &&
    errors.every((d) => /^(error: )?preview failed$/.test(d.message.trim()))
  );
}

function fromEventLog(events: z.infer<typeof EngineEvent>[]): PreviewRun {
  const policy = events.flatMap((e) => (e.policyEvent ? [policyFinding(e.policyEvent)] : []));
  const failed = failedOnlyOnPolicy(events, policy)
    ? undefined
    : (firstError(events.flatMap((e) => (e.diagnosticEvent ? [e.diagnosticEvent] : []))) ??
      (events.some((e) => e.resOpFailedEvent) ? "the run failed: a resource operation failed" : undefined));
  const unfinished = events.some((e) => e.summaryEvent)
    ? undefined
    : "it has no summary event: the run did not finish, or the log was cut short";
  return { steps: fromEvents(events), incomplete: failed ?? unfinished, policy };
}

/** The steps of a finished, successful run; anything else is refused, saying why. */
export function parsePreviewOutput(text: string, source: string): Step[] {
  const run = readPreviewOutput(text, source);
  if (run.incomplete) throw new IncompletePreviewError(`${source}: ${run.incomplete}`);
  return run.steps;
}
