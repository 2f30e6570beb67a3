#!/usr/bin/env node
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { PulumiCommand } from "@pulumi/pulumi/automation";
import type { SimulatorAdmin } from "../../simulator";
import type { OrganisationSize } from "./organisation";
import { DEFAULT_SIZE, generateOrganisation, simulatorOf } from "./organisation";
import { renderPerformance, updateFiguresPage } from "./markdown";
import { measureJobs } from "./jobs";
import type { Operation } from "./measure";
import { measure, operationsOn } from "./measure";
import type { BenchProject } from "./project";
import {
  freshFolder,
  installPackedPackage,
  openBenchProject,
  requireLanguageHost,
  stackConfig,
} from "./project";
import { measureRateLimited } from "./rateLimited";
import type {
  BenchResults,
  ComparedOperation,
  OperationFigures,
  RateLimitedResults,
  SizeResults,
} from "./results";
import { BenchResults as BenchResultsSchema } from "./results";
import { measureSplitColdUp } from "./split";
import { stateFigures, stateText } from "./stateFigures";
import type { Stacks } from "./stacks";
import { declareSideBySide } from "./stacks";

interface Options {
  scales: number[];
  /** A size given in full on the command line, instead of multiples of the default. */
  size: OrganisationSize | undefined;
  rateLimited: boolean;
  latencyMs: number;
  ratePerMinute: number;
  json: string;
  root: string;
  skipCheckpoints: boolean;
  /** Another backend for every stack (`postgres://…`); by default a `file://` backend per project. */
  backendUrl: string | undefined;
  /** docs/performance.md, whose figures a standard run regenerates. */
  figuresPage: string | undefined;
  /** Regenerate the figures page's section from the results file, running nothing. */
  renderOnly: boolean;
}

/** The engine settings among `vars` that change how it saves state, recorded with the figures. */
function stateSettings(vars: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(vars).filter(
      (e): e is [string, string] =>
        /^PULUMI_(SKIP_CHECKPOINTS|DIY_BACKEND_[A-Z_]+)$/.test(e[0]) && e[1] !== undefined,
    ),
  );
}

function wholeNumber(name: string, raw: string): number {
  if (!/^\d+$/.test(raw)) throw new Error(`--${name} must be a whole number (got "${raw}")`);
  return Number(raw);
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      scales: { type: "string", default: "1,5" },
      mailboxes: { type: "string" },
      members: { type: "string" },
      grants: { type: "string" },
      invitations: { type: "string" },
      "no-rate-limited": { type: "boolean", default: false },
      "latency-ms": { type: "string", default: "30" },
      "rate-per-minute": { type: "string", default: "60" },
      json: { type: "string" },
      root: { type: "string", default: ".pulumi-local/bench" },
      "skip-checkpoints": { type: "boolean", default: false },
      "backend-url": { type: "string" },
      "no-figures-page": { type: "boolean", default: false },
      "render-only": { type: "boolean", default: false },
    },
  });
  const given = (["mailboxes", "members", "grants", "invitations"] as const).filter(
    (k) => values[k] !== undefined,
  );
  const size = given.length === 0 ? undefined : { ...DEFAULT_SIZE };
  for (const key of given) if (size) size[key] = wholeNumber(key, values[key] ?? "");
  const scales = size ? [1] : (values.scales ?? "").split(",").map((s) => wholeNumber("scales", s.trim()));
  const skipCheckpoints = values["skip-checkpoints"] ?? false;
  const backendUrl = values["backend-url"];
  // docs/performance.md shows runs of the default size, from 1×, with checkpoints on, on the file backend as
  // the engine saves it by default.
  const standard =
    !size &&
    !skipCheckpoints &&
    backendUrl === undefined &&
    scales[0] === 1 &&
    Object.keys(stateSettings(process.env)).length === 0;
  return {
    scales,
    size,
    rateLimited: !values["no-rate-limited"],
    latencyMs: wholeNumber("latency-ms", values["latency-ms"] ?? ""),
    ratePerMinute: wholeNumber("rate-per-minute", values["rate-per-minute"] ?? ""),
    json: resolve(
      values.json ?? (standard ? "tools/bench/results.json" : ".pulumi-local/bench-results.json"),
    ),
    root: resolve(values.root ?? ".pulumi-local/bench"),
    skipCheckpoints,
    backendUrl,
    figuresPage: standard && !values["no-figures-page"] ? resolve("docs/performance.md") : undefined,
    renderOnly: values["render-only"] ?? false,
  };
}

function scaled(scale: number): OrganisationSize {
  return {
    mailboxes: DEFAULT_SIZE.mailboxes * scale,
    members: DEFAULT_SIZE.members * scale,
    grants: DEFAULT_SIZE.grants * scale,
    invitations: DEFAULT_SIZE.invitations * scale,
  };
}

/** The four operations, on our stack and then on the baseline's, each in processes of their own. */
async function compareOperations(
  stacks: Stacks,
  admin: SimulatorAdmin,
  previewEvents: EngineEvent[],
): Promise<ComparedOperation[]> {
  // The engine also finishes the stack and its default provider.
  const total = stacks.resources + 2;
  const noChange = () => undefined;
  const operations: [string, (p: BenchProject) => Operation, (stack: "provider" | "baseline") => void][] = [
    ["cold up", (p) => operationsOn(p.stack).up, noChange],
    ["no-change preview", (p) => operationsOn(p.stack).preview, noChange],
    ["no-change refresh", (p) => operationsOn(p.stack).refresh(), noChange],
    ["10-grant change up", (p) => operationsOn(p.stack).up, (stack) => stacks.changeTen(stack)],
  ];
  const ours: OperationFigures[] = [];
  const theirs: OperationFigures[] = [];
  for (const [name, operation, before] of operations) {
    before("provider");
    const run = operation(stacks.provider);
    ours.push(
      await measure(name, admin, total, (onEvent) =>
        run((e) => {
          if (name === "no-change preview") previewEvents.push(e);
          onEvent(e);
        }),
      ),
    );
  }
  for (const [name, operation, before] of operations) {
    before("baseline");
    theirs.push(await measure(`baseline ${name}`, admin, total, operation(stacks.baseline)));
  }
  return ours.map((o, i) => {
    const b = theirs[i];
    if (!b) throw new Error(`no baseline figures for ${o.operation}`);
    return {
      ...o,
      baselineWallMs: b.wallMs,
      baselineProgramPeakRssMb: b.programPeakRssMb,
      baselineRatio: Math.round((o.wallMs / Math.max(1, b.wallMs)) * 100) / 100,
    };
  });
}

async function openStacks(
  root: string,
  label: string,
  org: ReturnType<typeof generateOrganisation>,
  url: string,
  env: Record<string, string>,
): Promise<Stacks> {
  const config = stackConfig(url, org.token);
  const provider = await openBenchProject(root, `provider-${label}`, config, env);
  const baseline = await openBenchProject(root, `baseline-${label}`, config, env);
  return declareSideBySide(org, provider, baseline);
}

const peak = (values: (number | null)[]): number | null =>
  values.some((v) => v !== null) ? Math.max(...values.map((v) => v ?? 0)) : null;

interface SizeRun {
  results: SizeResults;
  /** Measured at the first size only, on the stack its cold `up` built. */
  rateLimited: RateLimitedResults | null;
}

async function runSize(scale: number, options: Options, first: boolean): Promise<SizeRun> {
  const size = options.size ?? scaled(scale);
  const org = generateOrganisation(size);
  const label = `${scale}x`;
  const readBound = 1 + size.mailboxes + Math.ceil(size.members / 100);
  process.stderr.write(
    `${label}: ${size.mailboxes} mailboxes, ${size.members} members, ${size.grants} grants, ${size.invitations} invitations\n`,
  );
  const { sim, admin } = await simulatorOf(org);
  const env: Record<string, string> = {
    ...(options.skipCheckpoints ? { PULUMI_SKIP_CHECKPOINTS: "true" } : {}),
    ...(options.backendUrl ? { PULUMI_BACKEND_URL: options.backendUrl } : {}),
  };
  try {
    const stacks = await openStacks(options.root, label, org, sim.url, env);
    const previewEvents: EngineEvent[] = [];
    const operations = await compareOperations(stacks, admin, previewEvents);
    const state = stateFigures(await stateText(stacks.provider.stateFile, stacks.provider.stack));
    const programPeakRssMb = peak(operations.map((o) => o.programPeakRssMb));
    const results: SizeResults = {
      scale,
      size,
      resources: stacks.resources,
      checkpoints: !options.skipCheckpoints,
      engineSettings: stateSettings({ ...process.env, ...env }),
      readBound,
      operations,
      programPeakRssMb,
      baselineProgramPeakRssMb: peak(operations.map((o) => o.baselineProgramPeakRssMb)),
      programRssMbPer1000Resources:
        programPeakRssMb === null ? null : Math.round((programPeakRssMb / stacks.resources) * 1000 * 10) / 10,
      ...state,
      jobs: first ? await measureJobs(org, sim.url, admin, options.root, env, previewEvents) : null,
      splitColdUp:
        scale > 1 && !options.size ? await measureSplitColdUp(org, scale, options.root, label, env) : null,
    };
    const coldUp = operations[0];
    const rateLimited =
      first && options.rateLimited && coldUp
        ? await measureRateLimited(stacks, admin, coldUp, options.ratePerMinute, options.latencyMs)
        : null;
    return { results, rateLimited };
  } finally {
    await sim.stop();
  }
}

async function pulumiVersion(): Promise<string> {
  return (await PulumiCommand.get({ skipVersionCheck: true })).version?.toString() ?? "unknown";
}

async function measureAll(options: Options): Promise<BenchResults> {
  requireLanguageHost();
  freshFolder(options.root);
  installPackedPackage(options.root);
  const runs: SizeRun[] = [];
  for (const [i, scale] of options.scales.entries()) runs.push(await runSize(scale, options, i === 0));
  const results = BenchResultsSchema.parse({
    date: new Date().toISOString().slice(0, 10),
    machine: {
      cpus: cpus().length,
      memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      pulumi: await pulumiVersion(),
    },
    sizes: runs.map((r) => r.results),
    rateLimited: runs[0]?.rateLimited ?? null,
  });
  mkdirSync(dirname(options.json), { recursive: true });
  writeFileSync(options.json, `${JSON.stringify(results, null, 2)}\n`);
  return results;
}

async function main(): Promise<void> {
  const options = parseOptions();
  const results = options.renderOnly
    ? BenchResultsSchema.parse(JSON.parse(readFileSync(options.json, "utf8")))
    : await measureAll(options);
  const markdown = renderPerformance(results);
  process.stdout.write(`\n${markdown}\nFigures in ${options.json}\n`);
  if (options.figuresPage) {
    updateFiguresPage(options.figuresPage, markdown);
    process.stdout.write(`Figures regenerated: ${options.figuresPage}\n`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
