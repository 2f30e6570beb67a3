import { markdownCode, markdownCodeBlock, markdownText } from "../shared/escape/markdown";
import { markdownTable } from "../shared/markdownTable";
import type { PermissionReport } from "../report/permissionReport";
import { renderMarkdown } from "../report/renderMarkdown";
import type { PlannedClient } from "./clients";
import type { ClientOutcome } from "./previewClient";

/** One client of the plan and what became of it. */
export interface ClientResult {
  client: PlannedClient;
  result: ClientOutcome;
}

export interface PlanResult {
  /** The git base the change was compared to; undefined: every client was previewed. */
  base: string | undefined;
  clients: ClientResult[];
}

/** Exit codes, as `report` has them: a failed preview, and a gate that tripped (after writing). */
export const PLAN_FAILED_EXIT_CODE = 1;

/** The report of a client whose preview ran to its report. */
function reportOf(result: ClientOutcome): PermissionReport | undefined {
  return result.outcome === "previewed" || result.outcome === "blocked-by-policy" ? result.report : undefined;
}

/** Whether a preview ran for this client (it may have failed). */
function previewed(result: ClientOutcome): boolean {
  return result.outcome !== "missing-token" && result.outcome !== "untouched";
}

function mandatoryCount(report: PermissionReport): number {
  return report.policy.filter((n) => n.level === "mandatory").length;
}

/** The Preview column: previewed or not, and why. */
function status({ client, result }: ClientResult): string {
  switch (result.outcome) {
    case "previewed":
      return `previewed: ${client.reason}`;
    case "blocked-by-policy":
      return `blocked by policy (${mandatoryCount(result.report)} mandatory); ${client.reason}`;
    case "failed":
      return `preview failed (exit ${result.exitCode}); ${client.reason}`;
    case "missing-token":
      return `not previewed: ${result.tokenEnv} is not set`;
    case "untouched":
      return "not previewed: no change touches it";
  }
}

function summaryTable(plan: PlanResult): string[] {
  return markdownTable(
    ["Client", "Spec", "Preview", "Gains", "Losses", "Changes"],
    plan.clients.map((c) => {
      const report = reportOf(c.result);
      const count = (n: number | undefined) => (n === undefined ? "" : String(n));
      return [
        c.client.stack,
        c.client.specFile,
        status(c),
        count(report?.summary.gains),
        count(report?.summary.loses),
        count(report?.summary.changes),
      ];
    }),
  );
}

/** The report's own Markdown one level down, under the client's heading. */
function nested(markdown: string): string[] {
  return markdown.split("\n").map((line) => line.replace(/^(#{1,5}) /, "#$1 "));
}

/** A touched client's section: its report, or why there is none. */
function section({ client, result }: ClientResult): string[] {
  const heading = [`## ${markdownText(client.stack)}`, ""];
  switch (result.outcome) {
    case "previewed":
    case "blocked-by-policy":
      return [...heading, ...nested(renderMarkdown(result.report).trimEnd()), ""];
    case "failed":
      return [
        ...heading,
        `**Preview failed** (exit ${result.exitCode}): ${markdownText(result.error)}`,
        "",
        ...(result.output.length > 0
          ? ["The engine's last lines:", "", ...markdownCodeBlock(result.output)]
          : []),
        "Nobody can tell from this run who gains or loses access in this client: fix the run and push again.",
        "",
      ];
    case "missing-token":
      return [
        ...heading,
        `**Not previewed:** its spec reads its token from ${markdownCode(result.tokenEnv)} (organisation.tokenEnv), ` +
          "which is not set in this run. Give the job that variable to preview this client.",
        "",
      ];
    case "untouched":
      return [];
  }
}

/** The pull request's one comment: a summary of every client, then a section per touched client. */
export function renderPlanMarkdown(plan: PlanResult): string {
  const touched = plan.clients.filter((c) => c.client.touched);
  const untouched = plan.clients.filter((c) => !c.client.touched);
  const ran = plan.clients.filter((c) => previewed(c.result)).length;
  const scope = plan.base
    ? `Changes against ${markdownCode(plan.base)} touch ${touched.length} of ${plan.clients.length} client${plan.clients.length === 1 ? "" : "s"}`
    : `No base given: all ${plan.clients.length} client${plan.clients.length === 1 ? "" : "s"} taken`;
  return [
    "# Mailbox access plan",
    "",
    `${scope}; ${ran} previewed.`,
    "",
    ...summaryTable(plan),
    ...touched.flatMap(section),
    ...(untouched.length > 0
      ? [
          "## Not previewed: no change touches them",
          "",
          ...untouched.map((c) => `- ${markdownText(c.client.stack)} (${markdownCode(c.client.specFile)})`),
          "",
        ]
      : []),
  ].join("\n");
}

/** The plan for programs: each client with its outcome, and the report in `report --format json`'s shape. */
export function planJson(plan: PlanResult) {
  return {
    base: plan.base ?? null,
    clients: plan.clients.map(({ client, result }) => {
      const { outcome, ...details } = result;
      return {
        stack: client.stack,
        specFile: client.specFile,
        touched: client.touched,
        ...(client.touched ? { reason: client.reason } : {}),
        previewed: previewed(result),
        outcome,
        ...details,
      };
    }),
  };
}

/** What decides the exit code beside the outcomes. */
export interface ExitRules {
  /** A loss exits `gateExitCode`. */
  failOnRemoval: boolean;
  /** A touched client that was not previewed (its token variable unset) exits 1. */
  requireAll: boolean;
  gateExitCode: number;
}

/**
 * 1 when a touched client's preview failed (a policy block included), or, with `requireAll`, one was
 * not previewed; else the removal gate's code or 0.
 */
export function planExitCode(plan: PlanResult, rules: ExitRules): number {
  const outcomes = plan.clients.map((c) => c.result);
  if (outcomes.some((r) => r.outcome === "failed" || r.outcome === "blocked-by-policy"))
    return PLAN_FAILED_EXIT_CODE;
  if (rules.requireAll && outcomes.some((r) => r.outcome === "missing-token")) return PLAN_FAILED_EXIT_CODE;
  if (rules.failOnRemoval && outcomes.some((r) => reportOf(r)?.removesAccess)) return rules.gateExitCode;
  return 0;
}
