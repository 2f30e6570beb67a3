import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import fc from "fast-check";
import { Organisation } from "pulumi-infomaniak-mailbox";
import { runReport } from "../../../cli/report/command";
import type { AccessFamily } from "../../../provider/permissions/vocabulary";
import type { PermissionReport } from "../../../cli/report/permissionReport";
import type { EngineStack } from "../../support/engineStack";
import { simulatorStack } from "../../support/engineStack";
import type { TestSimulator } from "../../support/simulator";
import { startTestSimulator } from "../../support/simulator";
import { makeTempDir } from "../../support/tempDir";
import type { Edit, Model } from "./edits";
import { applyToModel, editArbitrary, emptyModel, ORGANISATIONS, specOf, TODAY } from "./edits";
import { applyLive } from "./liveEdits";
import type { Names, Said } from "./writesAsEffects";
import { said, writesAsEffects } from "./writesAsEffects";

const FAMILIES: AccessFamily[] = ["webmail", "legacy"];

/** One step edits both organisations (one per access family) in one run: half the engine's time per seed. */
export type Step = Record<AccessFamily, Edit>;

export interface OracleRun {
  seed: number;
  steps: Step[];
}

/** The edits a seed stands for: the same on every machine (fast-check's generator, seeded). */
export function oracleRun(seed: number, steps: number): OracleRun {
  const step = fc.record({
    webmail: editArbitrary(ORGANISATIONS.webmail),
    legacy: editArbitrary(ORGANISATIONS.legacy),
  });
  const [drawn] = fc.sample(fc.array(step, { minLength: steps, maxLength: steps }), { seed, numRuns: 1 });
  return { seed, steps: drawn ?? [] };
}

/** Where a run and the simulator first disagree: the step, and what each said. */
export interface Disagreement {
  step: number;
  message: string;
}

interface Play {
  sim: TestSimulator;
  engine: EngineStack;
  models: Record<AccessFamily, Model>;
  temp: ReturnType<typeof makeTempDir>;
  /** Each step's edit and the effects both sides agreed on, for the seed's line in the test output. */
  log: string[];
}

/** The report of the stack's preview (refreshed, as drift is part of what a run does). */
async function previewReport(
  play: Play,
): Promise<{ report: PermissionReport; summary: Record<string, number>; changed: string[] }> {
  const events: EngineEvent[] = [];
  const preview = await play.engine.stack.preview({
    refresh: true,
    color: "never",
    onEvent: (e) => events.push(e),
  });
  const file = join(play.temp.path, "preview-events.jsonl");
  writeFileSync(file, events.map((e) => JSON.stringify(e)).join("\n"));
  let out = "";
  runReport(["--preview", file, "--format", "json", "--today", TODAY], {
    write: (t) => (out += t),
    warn: () => undefined,
    readStdin: () => "",
  });
  // Which resources a preview would change, and how: what a failing seed prints.
  const changed = events.flatMap((e) => {
    const step = e.resourcePreEvent?.metadata;
    if (!step || step.op === "same" || step.op === "read" || step.op === "refresh") return [];
    return [
      `${step.op} ${step.urn.split("::").pop() ?? step.urn} ${JSON.stringify(step.diffs ?? [])} ${JSON.stringify(step.detailedDiff ?? {})}`,
    ];
  });
  return {
    report: JSON.parse(out) as PermissionReport,
    summary: preview.changeSummary,
    changed,
  };
}

/**
 * Each link's recipient as the stack holds it (an unsent link's address is known only there), and which
 * links are a member's grant (the legacy family grants by a link bound to the member's address).
 */
async function linkRecipients(play: Play, names: Pick<Names, "linkRecipient" | "grantLinks">): Promise<void> {
  for (const r of (await play.engine.exportedState()).resources) {
    const guestKey = r.outputs?.["key"];
    const guest = r.outputs?.["email"];
    if (typeof guestKey === "string" && typeof guest === "string") names.linkRecipient.set(guestKey, guest);
    const grantKey = r.outputs?.["invitationKey"];
    const userId = r.outputs?.["userId"];
    const member =
      r.outputs?.["userEmail"] ??
      FAMILIES.flatMap((f) => ORGANISATIONS[f].members).find((m) => m.userId === userId)?.email;
    if (typeof grantKey === "string" && typeof member === "string") {
      names.linkRecipient.set(grantKey, member);
      names.grantLinks.add(grantKey);
    }
  }
}

/** "Membership left as it is" is the one effect that is no write: nothing at Infomaniak can show it. */
const written = (r: PermissionReport): Said[] =>
  r.effects
    .filter((e) => e.effect !== "membership left as it is")
    .map(said)
    .sort();

function differs(step: number, what: string, predicted: Said[], done: Said[]): Disagreement | undefined {
  if (JSON.stringify(predicted) === JSON.stringify(done)) return undefined;
  const show = (list: Said[]) => (list.length ? list.map((s) => `    ${s}`).join("\n") : "    (nothing)");
  return {
    step,
    message: `${what}\n  the report said:\n${show(predicted)}\n  the simulator saw:\n${show(done)}`,
  };
}

/** What a run's summary says it changes, by operation (`same` and the refresh's reads left out). */
function changesOf(summary: Record<string, number>): Record<string, number> {
  const kept = Object.entries(summary).filter(
    ([op, n]) => !["same", "read", "refresh"].includes(op) && n > 0,
  );
  return Object.fromEntries(kept.sort(([a], [b]) => a.localeCompare(b)));
}

/** One step: preview's effects, `up`, the simulator's writes as effects, then a quiet preview. */
async function step(play: Play, index: number, edits: Step): Promise<Disagreement | undefined> {
  const before = play.models;
  const what = FAMILIES.map((f) => `${f} ${edits[f].edit}`).join(", ");
  play.models = {
    webmail: applyToModel(before.webmail, edits.webmail),
    legacy: applyToModel(before.legacy, edits.legacy),
  };
  for (const f of FAMILIES) await applyLive(play.sim, ORGANISATIONS[f], edits[f]);
  let predicted: PermissionReport;
  let planned: { summary: Record<string, number>; changed: string[] };
  try {
    const preview = await previewReport(play);
    predicted = preview.report;
    planned = preview;
  } catch (error) {
    // A spec the component refuses is no step of a real organisation: leave it out.
    play.models = before;
    const reason = /error: (.*)/.exec(String(error))?.[1]?.slice(0, 200) ?? "?";
    play.log.push(`${index}. ${what}: refused (${reason})`);
    return undefined;
  }
  const links = { linkRecipient: new Map<string, string>(), grantLinks: new Set<string>() };
  await linkRecipients(play, links);
  await play.sim.admin.resetWrites();
  let ran: Record<string, number>;
  try {
    ran = (await play.engine.stack.up({ refresh: true, color: "never" })).summary.resourceChanges ?? {};
  } catch (error) {
    return { step: index, message: `up failed after its preview passed: ${String(error).slice(0, 2000)}` };
  }
  await linkRecipients(play, links);
  const names = { state: await play.sim.admin.state(), ...links };
  const done = writesAsEffects(names, await play.sim.admin.writes());
  play.log.push(`${index}. ${what}: ${done.length ? done.join("; ") : "no effect"}`);
  const wrong = differs(index, "up did other than its report said", written(predicted), done);
  if (wrong) return wrong;
  // A resource the preview changes and `up` leaves as it is (or the reverse) is a preview that misleads
  // even when no effect differs: a phantom update, say.
  if (JSON.stringify(changesOf(planned.summary)) !== JSON.stringify(changesOf(ran)))
    return {
      step: index,
      message: `up changed other resources than its preview: preview ${JSON.stringify(changesOf(planned.summary))}, up ${JSON.stringify(changesOf(ran))}\n  the preview:\n    ${planned.changed.join("\n    ")}`,
    };
  const next = await previewReport(play);
  const changes = Object.entries(next.summary).filter(([op, n]) => op !== "same" && n > 0);
  if (changes.length > 0)
    return {
      step: index,
      message: `the next preview is not all same: ${JSON.stringify(next.summary)}\n    ${next.changed.join("\n    ")}`,
    };
  return differs(index, "the next preview's report names effects", written(next.report), []);
}

/** Plays the edits on a fresh simulator and stack; the first disagreement, if any. */
export async function playSteps(
  steps: readonly Step[],
  label: string,
  log: string[] = [],
): Promise<Disagreement | undefined> {
  const sim = await startTestSimulator();
  const temp = makeTempDir(`oracle-${label}`);
  const models = { webmail: emptyModel(ORGANISATIONS.webmail), legacy: emptyModel(ORGANISATIONS.legacy) };
  const setting: Omit<Play, "engine"> = { sim, models, temp, log };
  // The program reads the models as each step leaves them.
  const engine = await simulatorStack(sim, `oracle-${label}`, () => {
    for (const f of FAMILIES) new Organisation({ spec: specOf(ORGANISATIONS[f], setting.models[f]) });
  });
  const play: Play = Object.assign(setting, { engine });
  try {
    for (const [i, edits] of steps.entries()) {
      const wrong = await step(play, i, edits);
      if (wrong) return wrong;
    }
    return undefined;
  } finally {
    play.engine.remove();
    temp.remove();
    await sim.stop();
  }
}
