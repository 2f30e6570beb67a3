import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import type { ChangedFiles } from "./changedFiles";
import { PlanError } from "./planError";

/**
 * A program folder's clients: each `Pulumi.<stack>.yaml` whose config names a spec file
 * (`<project>:specFile`), as examples/organisations has one per client organisation.
 */
export interface Client {
  stack: string;
  /** As the stack's config writes it: relative to the program folder, as the program resolves it. */
  specFile: string;
  /** Absolute paths of the spec and of the stack's config file, to match changed files against. */
  specPath: string;
  configPath: string;
}

/** A client, and whether the change touches it (then why, in words for the report). */
export interface PlannedClient extends Client {
  touched: boolean;
  reason: string;
}

/** Only what `plan` reads; Pulumi's other settings pass (their schema is Pulumi's business). */
const ProjectFile = z.looseObject({
  name: z.string({ error: "name is required: the project's name" }).min(1),
  /** Where the project keeps its stack files, when not beside Pulumi.yaml. */
  stackConfigDir: z.string().optional(),
});

const StackFile = z.union([
  z.looseObject({ config: z.record(z.string(), z.unknown()).nullish() }),
  // `pulumi stack init` can leave an empty file: a stack without settings.
  z.null(),
]);

function readYaml<T>(schema: z.ZodType<T>, file: string): T {
  let value: unknown;
  try {
    value = parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new PlanError("unreadable_config", `${file}: ${(error as Error).message.split("\n")[0] ?? ""}`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PlanError(
      "unreadable_config",
      `${file}: ${issue?.path.join(".") ?? ""} ${issue?.message ?? "is not a Pulumi settings file"}`,
    );
  }
  return parsed.data;
}

/**
 * The program folder, with symbolic links resolved: git reports real paths, and a folder reached
 * through a link (macOS's /tmp) must still contain the files git names. `option` names where the
 * folder came from in the message (`plan: --program`, `recover: --cwd`).
 */
export function programFolder(dir: string, option: string): string {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new PlanError("program_not_found", `${option} ${dir}: no such folder`);
  const real = realpathSync(dir);
  if (!existsSync(join(real, "Pulumi.yaml")))
    throw new PlanError(
      "not_a_program",
      `${option} ${dir} has no Pulumi.yaml: run it in the Pulumi program's folder, or give that folder with ${option.split(" ").at(-1) ?? ""} DIR`,
    );
  return real;
}

/** The spec-file key of the program's stack config (`<project>:specFile`) and where its stack files are. */
export function projectOf(programDir: string): { key: string; stackDir: string } {
  const project = readYaml(ProjectFile, join(programDir, "Pulumi.yaml"));
  return { key: `${project.name}:specFile`, stackDir: resolve(programDir, project.stackConfigDir ?? ".") };
}

/** The clients of the program folder (an absolute, real path), by stack name; none is no error here. */
export function clientsOf(programDir: string): Client[] {
  const { key, stackDir } = projectOf(programDir);
  const files = existsSync(stackDir)
    ? readdirSync(stackDir).filter((f) => /^Pulumi\.[^/]+\.yaml$/.test(f) && f !== "Pulumi.yaml")
    : [];
  const clients = files.flatMap((file): Client[] => {
    const configPath = join(stackDir, file);
    const specFile = readYaml(StackFile, configPath)?.config?.[key];
    // A stack of the project that names no spec (a shared one, say) is not a client.
    if (typeof specFile !== "string" || specFile === "") return [];
    const stack = file.slice("Pulumi.".length, -".yaml".length);
    return [{ stack, specFile, specPath: resolve(programDir, specFile), configPath }];
  });
  return clients.sort((a, b) => a.stack.localeCompare(b.stack));
}

/** Every client of the program folder, by stack name, refused when it has none; `command` names who asks. */
export function findClients(programDir: string, command: string): Client[] {
  const clients = clientsOf(programDir);
  const { key } = projectOf(programDir);
  if (clients.length === 0)
    throw new PlanError(
      "no_clients",
      `${command}: no Pulumi.<stack>.yaml in ${programDir} names a spec file (config ${key}): ` +
        `set one per client with \`pulumi config set specFile clients/<client>/organisation.yaml --stack <client>\``,
    );
  return clients;
}

/**
 * The clients `--stack` names, in the folder's order; a name that is no client is refused. Chosen after
 * `touchedClients` saw them all: another client's spec is that client's file, not the shared program.
 */
export function selectClients<T extends Client>(clients: T[], stacks: readonly string[] | undefined): T[] {
  if (!stacks || stacks.length === 0) return clients;
  const unknown = stacks.filter((s) => !clients.some((c) => c.stack === s));
  if (unknown.length > 0)
    throw new PlanError(
      "unknown_stack",
      `plan: --stack ${unknown.join(", ")}: no such client; the clients are ${clients.map((c) => c.stack).join(", ")}`,
    );
  return clients.filter((c) => stacks.includes(c.stack));
}

function inside(dir: string, file: string): boolean {
  return file.startsWith(dir + sep);
}

/** The shared program's changed files in a reason: relative to the folder, with `/`; the first few. */
function shown(programDir: string, files: readonly string[]): string {
  const names = files.map((f) => relative(programDir, f).split(sep).join("/"));
  return names.length > 3 ? `${names.slice(0, 3).join(", ")} and ${names.length - 3} more` : names.join(", ");
}

/**
 * Which clients a change touches: its spec or its stack file changed, or any other file of the
 * program folder (the program, its packages, Pulumi.yaml, the policy config), which every client
 * runs. Untracked files count as tracked ones do (uncommitted work counts locally; what runs leave
 * in the folder belongs in its .gitignore). Without changed files (no base), every client is touched.
 */
export function touchedClients(
  clients: readonly Client[],
  changed: ChangedFiles | undefined,
  programDir: string,
): PlannedClient[] {
  if (!changed) return clients.map((c) => ({ ...c, touched: true, reason: "every client (no --base)" }));
  const clientFiles = new Set(clients.flatMap((c) => [c.specPath, c.configPath]));
  const all = new Set([...changed.tracked, ...changed.untracked]);
  const shared = [...all].filter((f) => inside(programDir, f) && !clientFiles.has(f)).sort();
  return clients.map((c) => {
    const reasons = [
      ...(all.has(c.specPath) ? ["its spec changed"] : []),
      ...(all.has(c.configPath) ? ["its stack settings changed"] : []),
      ...(shared.length > 0 ? [`the shared program changed (${shown(programDir, shared)})`] : []),
    ];
    return { ...c, touched: reasons.length > 0, reason: reasons.join("; ") };
  });
}
