import { existsSync, statSync } from "node:fs";
import { checkWritableFile, writeNamedFile } from "../shared/safeWrite";
import { dirname, resolve } from "node:path";
import { onPath } from "../../sdk/automation/languageHost";
import type { PlannedClient } from "./clients";
import { findClients, programFolder, selectClients, touchedClients } from "./clients";
import { mapBounded } from "./boundedPool";
import { changedFiles, verifyBase } from "./changedFiles";
import type { ClientResult, PlanResult } from "./combinedReport";
import { planExitCode, planJson, renderPlanMarkdown } from "./combinedReport";
import { PlanError } from "./planError";
import type { ClientOutcome, PreviewSettings } from "./previewClient";
import { missingToken, previewClient } from "./previewClient";
import { previewEnvs } from "./rateBudget";
import { utcToday } from "../../provider/fields/review";
import type { CommandSpec, OptionValues } from "../shared/options";
import { OptionError, parseOptions, PositiveWholeNumber } from "../shared/options";
import type { CommandIo } from "../report/command";
import { GATE_EXIT_CODE, REPORT_COMMAND } from "../report/command";
import { terminalLines } from "../shared/terminalLines";

export const PLAN_COMMAND = {
  name: "plan",
  summary: "Preview the client stacks a change touches and write one permission report for all of them.",
  details: [
    "Clients: the program folder's Pulumi.<stack>.yaml that name a spec file (<project>:specFile). With",
    "--base, a client is touched when its spec or its stack file differs from that commit, and every",
    "client when another file of the folder does (untracked files too). The touched clients are previewed",
    "with `pulumi preview`, --parallel at once; the report's order is the clients', whatever finishes first.",
    "A failed preview exits 1 (with --require-all, a client not previewed too), a gate that trips exits 3,",
    "both after writing the report.",
  ].join("\n"),
  options: {
    program: {
      type: "string",
      value: "DIR",
      default: ".",
      help: "the Pulumi program folder, with one Pulumi.<stack>.yaml per client",
    },
    base: {
      type: "string",
      value: "REF",
      defaultText: "none: every client is previewed",
      help: "the git commit to compare with (the working tree against it: uncommitted changes count)",
    },
    stack: {
      type: "string",
      value: "NAME",
      multiple: true,
      defaultText: "every client",
      help: "only this client's stack",
    },
    output: {
      type: "string",
      value: "FILE",
      defaultText: "standard output",
      help: "write the Markdown report to FILE",
    },
    json: { type: "string", value: "FILE", help: "also write the report as JSON to FILE" },
    "policy-pack": { type: "string", value: "DIR", help: "a policy pack each preview runs" },
    "policy-pack-config": {
      type: "string",
      value: "FILE",
      help: "the policy pack's settings (a JSON file), with --policy-pack",
    },
    today: REPORT_COMMAND.options.today,
    "fail-on-removal": REPORT_COMMAND.options["fail-on-removal"],
    parallel: {
      type: "string",
      value: "N",
      default: "2",
      schema: PositiveWholeNumber,
      help: "how many previews run at once (each a Node.js program and its provider: mind the cores)",
    },
    "require-all": {
      type: "boolean",
      help: "exit 1 when a touched client could not be previewed (its token variable unset), after writing",
    },
    list: {
      type: "boolean",
      help: "print the touched clients' stack names as a JSON array (a CI matrix) and exit: no preview",
    },
  },
} as const satisfies CommandSpec;

type PlanValues = OptionValues<typeof PLAN_COMMAND.options>;

/** A file or folder an option names, checked before anything runs. */
function existing(path: string | undefined, option: string, kind: "file" | "folder"): string | undefined {
  if (path === undefined) return undefined;
  const absolute = resolve(path);
  const isFolder = existsSync(absolute) && statSync(absolute).isDirectory();
  if (!existsSync(absolute) || isFolder !== (kind === "folder"))
    throw new PlanError("policy_not_found", `plan: --${option} ${path}: no such ${kind}`);
  return absolute;
}

/** Where a report is written must exist before minutes of previews, not after. */
function writable(path: string | undefined, option: string): void {
  if (path !== undefined && !existsSync(dirname(resolve(path))))
    throw new OptionError(
      "bad_value",
      `plan: --${option} ${path}: no folder ${dirname(path)} to write it in`,
    );
  if (path !== undefined) checkWritableFile(path);
}

interface Prepared {
  programDir: string;
  clients: PlannedClient[];
  policyPack: string | undefined;
  policyPackConfig: string | undefined;
}

/** Every option and the folder checked, the clients found and which the change touches. */
function prepare(values: PlanValues): Prepared {
  if (values["policy-pack-config"] !== undefined && values["policy-pack"] === undefined)
    throw new OptionError(
      "missing_option",
      "plan: --policy-pack-config needs --policy-pack DIR: the pack it sets up",
    );
  const policyPack = existing(values["policy-pack"], "policy-pack", "folder");
  const policyPackConfig = existing(values["policy-pack-config"], "policy-pack-config", "file");
  writable(values.output, "output");
  writable(values.json, "json");
  const programDir = programFolder(values.program, "plan: --program");
  const all = findClients(programDir, "plan");
  // Refused before git runs: a wrong name is the cheaper mistake to report.
  selectClients(all, values.stack);
  if (values.base !== undefined) verifyBase(programDir, values.base);
  const changed = values.base === undefined ? undefined : changedFiles(programDir, values.base);
  const clients = selectClients(touchedClients(all, changed, programDir), values.stack);
  return { programDir, clients, policyPack, policyPackConfig };
}

/** One line of progress after a client's preview. */
function outcomeLine(result: ClientOutcome): string {
  if (result.outcome === "previewed" || result.outcome === "blocked-by-policy") {
    const { gains, loses, changes } = result.report.summary;
    const counts = `${gains} gains, ${loses} losses, ${changes} changes`;
    return result.outcome === "previewed" ? counts : `blocked by policy; ${counts}`;
  }
  return result.outcome === "failed" ? `preview failed (exit ${result.exitCode})` : result.outcome;
}

/** One client's outcome: not previewed when its token variable is unset, else its preview's. */
async function previewOne(
  client: PlannedClient,
  at: string,
  settings: PreviewSettings,
  line: (text: string) => void,
): Promise<ClientOutcome> {
  const tokenEnv = missingToken(client, settings.env);
  if (tokenEnv) {
    // The variable's name only: its value is never read into anything that is written.
    line(`Not previewing ${client.stack} ${at}: ${tokenEnv} is not set`);
    return { outcome: "missing-token", tokenEnv };
  }
  line(`Previewing ${client.stack} ${at}…`);
  const result = await previewClient(client, settings);
  line(`  ${client.stack}: ${outcomeLine(result)}`);
  return result;
}

/**
 * The touched clients previewed, `parallel` at once (each preview is an engine, a Node.js program
 * and a provider process: CI runners have few cores), each with its own rate budget; the results in
 * the clients' order, so the report is the same whatever finishes first.
 */
async function previewAll(
  clients: PlannedClient[],
  settings: PreviewSettings,
  parallel: number,
  warn: (text: string) => void,
): Promise<ClientResult[]> {
  const touched = clients.filter((c) => c.touched);
  const envs = previewEnvs(touched, settings.env, parallel);
  const line = terminalLines(warn);
  const outcomes = await mapBounded(touched, parallel, (client, i) =>
    previewOne(
      client,
      `(${i + 1}/${touched.length})`,
      { ...settings, env: envs.get(client.stack) ?? settings.env },
      line,
    ),
  );
  const results = new Map(touched.map((c, i) => [c.stack, outcomes[i]]));
  return clients.map((client) => ({ client, result: results.get(client.stack) ?? { outcome: "untouched" } }));
}

/**
 * `plan`: the clients a change touches, each previewed with the regular Pulumi CLI, in one permission
 * report (Markdown, and JSON with --json): one pull-request comment for every client.
 */
export async function runPlan(
  args: string[],
  io: Pick<CommandIo, "write" | "warn">,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const values = parseOptions(PLAN_COMMAND, args);
  const { programDir, clients, policyPack, policyPackConfig } = prepare(values);
  if (values.list) {
    io.write(`${JSON.stringify(clients.filter((c) => c.touched).map((c) => c.stack))}\n`);
    return 0;
  }
  if (clients.some((c) => c.touched) && !onPath("pulumi"))
    throw new PlanError("pulumi_not_found", "plan: no pulumi on PATH: install the Pulumi CLI to preview");
  const settings: PreviewSettings = {
    programDir,
    policyPack,
    policyPackConfig,
    today: values.today ?? utcToday(),
    env,
  };
  const previewed = await previewAll(clients, settings, values.parallel, io.warn);
  const plan: PlanResult = { base: values.base, clients: previewed };
  const markdown = renderPlanMarkdown(plan);
  if (values.output) writeNamedFile(values.output, markdown);
  else io.write(markdown);
  if (values.json) writeNamedFile(values.json, `${JSON.stringify(planJson(plan), null, 2)}\n`);
  return verdict(plan, values["fail-on-removal"], values["require-all"], io.warn);
}

/** The exit code, said on stderr when it is not 0. */
function verdict(
  plan: PlanResult,
  failOnRemoval: boolean,
  requireAll: boolean,
  warn: (text: string) => void,
): number {
  const code = planExitCode(plan, { failOnRemoval, requireAll, gateExitCode: GATE_EXIT_CODE });
  const line = terminalLines(warn);
  const failed = plan.clients.filter(
    (c) => c.result.outcome === "failed" || c.result.outcome === "blocked-by-policy",
  );
  if (failed.length > 0)
    line(`plan: the preview of ${failed.map((c) => c.client.stack).join(", ")} failed; see the report.`);
  if (requireAll)
    for (const { client, result } of plan.clients)
      if (result.outcome === "missing-token")
        line(
          `plan: --require-all: ${client.stack} was not previewed: ${result.tokenEnv} is not set. ` +
            `Give this run that variable, or leave the client out with --stack`,
        );
  if (code === GATE_EXIT_CODE) warn("Permission gate: a client loses access; see the report.\n");
  return code;
}
