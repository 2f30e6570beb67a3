import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { TokenEnv } from "../../provider/fields/tokenEnv";
import type { PermissionReport } from "../report/permissionReport";
import { buildPermissionReport } from "../report/permissionReport";
import type { PreviewRun } from "../shared/previewSteps";
import { readPreviewOutput } from "../shared/previewSteps";
import type { Client } from "./clients";
import { PlanError } from "./planError";

/** What became of one client: previewed (a report), or why not, or how its preview failed. */
export type ClientOutcome =
  | { outcome: "previewed"; report: PermissionReport }
  /** The preview failed only because a mandatory policy forbids the change: the report shows where. */
  | { outcome: "blocked-by-policy"; exitCode: number; report: PermissionReport }
  | { outcome: "failed"; exitCode: number; error: string; output: string[] }
  /** Its spec names the variable that holds its token, and the variable is not set: not previewed. */
  | { outcome: "missing-token"; tokenEnv: string }
  | { outcome: "untouched" };

export interface PreviewSettings {
  programDir: string;
  /** Absolute paths, passed to each preview. */
  policyPack: string | undefined;
  policyPackConfig: string | undefined;
  /** The date the report counts reviews against. */
  today: string;
  /** Passed through to the engine as it is (tokens included), never printed. */
  env: NodeJS.ProcessEnv;
}

/** How many of the engine's last lines a failed client's section shows. */
const TAIL_LINES = 20;
/** What is kept of each of the engine's streams: enough for the tail, bounded for a long preview. */
const KEPT_BYTES = 256 * 1024;

/** Only `organisation.tokenEnv`; a spec the preview cannot use fails there, with its own message. */
const SpecTokenEnv = z.looseObject({
  organisation: z.looseObject({ tokenEnv: TokenEnv.optional() }),
});

/** The variable a client's spec names for its token, when the spec reads and names a valid one. */
export function tokenEnvOf(specPath: string): string | undefined {
  try {
    const parsed = SpecTokenEnv.safeParse(parse(readFileSync(specPath, "utf8")));
    return parsed.success ? parsed.data.organisation.tokenEnv : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The variable a client's token should be in, when it is unset or empty. That client is not
 * previewed: its preview could only fail at its first request to Infomaniak; the report names the
 * variable instead (a fork's pull request, say, gets no secrets).
 */
export function missingToken(client: Client, env: NodeJS.ProcessEnv): string | undefined {
  const tokenEnv = tokenEnvOf(client.specPath);
  return tokenEnv && !env[tokenEnv] ? tokenEnv : undefined;
}

interface EngineRun {
  code: number;
  stdout: string;
  stderr: string;
}

function keepTail(kept: string, chunk: Buffer): string {
  const text = kept + chunk.toString("utf8");
  return text.length > KEPT_BYTES ? text.slice(-KEPT_BYTES) : text;
}

/** `pulumi` with its output kept (not shown: the report carries what matters of it). */
function runPulumi(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<EngineRun> {
  return new Promise((resolve, reject) => {
    const child = spawn("pulumi", args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout = keepTail(stdout, chunk)));
    child.stderr.on("data", (chunk: Buffer) => (stderr = keepTail(stderr, chunk)));
    child.on("error", (error) =>
      reject(new PlanError("pulumi_not_found", `plan: cannot run pulumi: ${error.message}`)),
    );
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/**
 * Values that must never reach a report: the client's token and anything named like a secret in
 * the environment. The provider does not print them; this holds even if something else in the run does.
 */
function secretsIn(env: NodeJS.ProcessEnv, tokenEnv: string | undefined): string[] {
  return Object.entries(env)
    .filter(([name]) => name === tokenEnv || /TOKEN|PASSPHRASE|SECRET|PASSWORD/i.test(name))
    .map(([, value]) => value ?? "")
    .filter((value) => value.length >= 8);
}

function redact(text: string, secrets: readonly string[]): string {
  return secrets.reduce((redacted, secret) => redacted.split(secret).join("[redacted]"), text);
}

/** The engine's last lines: its errors (stderr), or, when it wrote none there, its diagnostics (stdout). */
function lastLines(run: EngineRun, secrets: readonly string[]): string[] {
  const source = run.stderr.trim() !== "" ? run.stderr : run.stdout;
  return (
    source
      .split(/\r?\n/)
      // Progress lines (`@ previewing update....`) repeat what the diagnostics say.
      .filter((line) => line.trim() !== "" && !line.startsWith("@ "))
      .slice(-TAIL_LINES)
      .map((line) => redact(line, secrets))
  );
}

function readEventLog(file: string): PreviewRun | string {
  try {
    return readPreviewOutput(existsSync(file) ? readFileSync(file, "utf8") : "", "the engine's event log");
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * A finished preview's outcome: its report; a failure that a mandatory policy alone caused still
 * has one (as `report` reads such a run), marked as blocked; any other failure has the engine's words.
 */
function outcomeOf(
  run: EngineRun,
  log: PreviewRun | string,
  today: string,
  secrets: string[],
): ClientOutcome {
  if (typeof log !== "string" && !log.incomplete) {
    const report = buildPermissionReport(log.steps, today, log.policy);
    if (run.code === 0) return { outcome: "previewed", report };
    if (report.blockedByPolicy) return { outcome: "blocked-by-policy", exitCode: run.code, report };
  }
  const why = typeof log === "string" ? log : (log.incomplete ?? "the preview failed");
  return {
    outcome: "failed",
    exitCode: run.code,
    error: redact(why, secrets),
    output: lastLines(run, secrets),
  };
}

/**
 * One client's preview with the regular CLI in the program folder, its engine events in a temporary
 * file: `pulumi preview --stack S --event-log FILE --non-interactive` (and the policy pack). Whether
 * its token is set is the caller's question (`missingToken`), asked first.
 */
export async function previewClient(client: Client, settings: PreviewSettings): Promise<ClientOutcome> {
  const temp = mkdtempSync(join(tmpdir(), "infomaniak-plan-"));
  try {
    const eventLog = join(temp, "events.jsonl");
    const args = [
      ...["preview", "--stack", client.stack, "--event-log", eventLog, "--non-interactive"],
      // Its last lines may go into a Markdown report: no colour codes.
      ...["--color", "never"],
      ...(settings.policyPack ? ["--policy-pack", settings.policyPack] : []),
      ...(settings.policyPackConfig ? ["--policy-pack-config", settings.policyPackConfig] : []),
    ];
    // `--event-log` is one of the CLI's debug flags: refused without this.
    const env = { ...settings.env, PULUMI_DEBUG_COMMANDS: "true" };
    const run = await runPulumi(args, settings.programDir, env);
    const secrets = secretsIn(settings.env, tokenEnvOf(client.specPath));
    return outcomeOf(run, readEventLog(eventLog), settings.today, secrets);
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}
