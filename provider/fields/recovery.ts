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

/** The setting from its config text; undefined when absent. */
export function parseRecovery(text: string | undefined): RecoverySetting | undefined {
  if (text === undefined || text === "") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const parsed = RecoverySetting.safeParse(value);
  if (!parsed.success)
    throw new RecoverySettingError(
      `infomaniak:recovery is not what \`infomaniak-mailbox recover\` writes (${parsed.error.issues[0]?.message ?? "invalid"}): run it again, or \`pulumi config rm infomaniak:recovery\``,
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
