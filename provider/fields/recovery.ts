import { jsonOrUndefined } from "../json";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { z } from "zod";

/**
 * What `infomaniak-mailbox recover` leaves in the stack's config (`infomaniak:recovery`) for the `up`
 * after an interrupted run: the resources that run was creating take over what it made (as with
 * `adopt: true`, without an edit of the program), and an `ExternalInvitation` among them may take over
 * the one link it created but never e-mailed. Only until `until`: consent for that recovery, not for
 * later runs.
 */
export const RecoverySetting = z.strictObject(
  {
    /** When the interrupted run started (its lock's time). */
    interruptedAt: z.iso.datetime({ offset: true }),
    /** After this, the setting is ignored (with a warning to remove it). */
    until: z.iso.datetime({ offset: true }),
    /** The URNs of the resources the interrupted run was creating, or EVERY_CREATE. */
    adopt: z.array(z.string().min(1)),
  },
  {
    error:
      "infomaniak:recovery is what `infomaniak-mailbox recover` writes: run it again, or remove the setting",
  },
);
export type RecoverySetting = z.infer<typeof RecoverySetting>;

export class RecoverySettingError extends Error {
  override readonly name = "RecoverySettingError";
  readonly code = "invalid_recovery_setting";
}

/** The setting from its text; undefined when absent. `removal` says how to remove one that is invalid. */
export function parseRecovery(
  text: string | undefined,
  removal = "`pulumi config rm infomaniak:recovery`",
): RecoverySetting | undefined {
  if (text === undefined || text === "") return undefined;
  const parsed = RecoverySetting.safeParse(jsonOrUndefined(text));
  if (!parsed.success)
    throw new RecoverySettingError(
      `infomaniak:recovery is not what \`infomaniak-mailbox recover\` writes (${parsed.error.issues[0]?.message ?? "invalid"}): run it again, or ${removal}`,
    );
  return parsed.data;
}

/** Whether the setting still applies at `now` (milliseconds). */
export function recoveryInForce(setting: RecoverySetting, now: number): boolean {
  return now <= Date.parse(setting.until);
}

/**
 * In `adopt`: any resource the next run creates may have been created by the interrupted one (its
 * checkpoint was cut off and put back from the one before, which lacks the last step).
 */
export const EVERY_CREATE = "*";

/** Whether a resource of this type (`MailboxAccess`) and name is one the interrupted run was creating. */
export function recoveryAdopts(setting: RecoverySetting, typeName: string, name: string): boolean {
  return setting.adopt.some((urn) => urn === EVERY_CREATE || urn.endsWith(`infomaniak:${typeName}::${name}`));
}

/**
 * Where `recover` leaves the setting for a stack of a program folder: a folder of the program that
 * git ignores by its own `.gitignore` (`*`), so that the committed Pulumi.<stack>.yaml stays as it
 * was, `git status` stays clean and `plan` sees no change. (A stack of an inline Automation API
 * program keeps it in its config: such a program has no folder to read.)
 */
export const RECOVERY_DIR = ".infomaniak-mailbox";

export function recoveryFile(programDir: string, stack: string): string {
  return join(programDir, RECOVERY_DIR, `recovery.${stack}.json`);
}

/** Writes the setting where the stack's next run reads it; returns the file. */
export function writeRecoveryFile(programDir: string, stack: string, setting: RecoverySetting): string {
  mkdirSync(join(programDir, RECOVERY_DIR), { recursive: true });
  writeFileSync(
    join(programDir, RECOVERY_DIR, ".gitignore"),
    "# Left by infomaniak-mailbox recover: never committed.\n*\n",
  );
  const file = recoveryFile(programDir, stack);
  writeFileSync(file, `${JSON.stringify(setting, null, 2)}\n`);
  return file;
}

/** The setting's text that `recover` left for this stack in the folder, if any. */
export function readRecoveryFile(programDir: string, stack: string): string | undefined {
  const file = recoveryFile(programDir, stack);
  return existsSync(file) ? readFileSync(file, "utf8") : undefined;
}

/**
 * The program folder (where Pulumi.yaml is) of a process running in it or below it (a program whose
 * `main` is a subfolder); `from` itself when none is found.
 */
export function programRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "Pulumi.yaml"))) return dir;
    if (dirname(dir) === dir) return from;
  }
}

/**
 * For the provider process, which runs in the program's folder but is not told the stack: the one
 * setting of the folder still in force; none when there are several, when the folder holds several
 * stacks' files, or when one cannot be read (then the unsent link is left to a person, as without a
 * recovery).
 */
export function soleRecoveryInForce(cwd: string, now: number): RecoverySetting | undefined {
  const root = programRoot(cwd);
  // A folder of several stacks (a client each): the setting of one would be read by the others' runs,
  // whose adopting links would take over a link that is not theirs. None then.
  if (readdirSync(root).filter((f) => /^Pulumi\..+\.ya?ml$/.test(f)).length > 1) return undefined;
  const dir = join(root, RECOVERY_DIR);
  if (!existsSync(dir)) return undefined;
  const settings = readdirSync(dir)
    .filter((f) => /^recovery\..+\.json$/.test(f))
    .flatMap((f) => {
      try {
        const setting = parseRecovery(readFileSync(join(dir, f), "utf8"));
        return setting && recoveryInForce(setting, now) ? [setting] : [];
      } catch {
        return [];
      }
    });
  return settings.length === 1 ? settings[0] : undefined;
}
