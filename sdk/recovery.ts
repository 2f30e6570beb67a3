import * as pulumi from "@pulumi/pulumi";
import type { RecoverySetting } from "../provider/fields/recovery";
import {
  parseRecovery,
  programRoot,
  readRecoveryFile,
  recoveryAdopts,
  recoveryFile,
  recoveryInForce,
  RecoverySettingError,
} from "../provider/fields/recovery";
import type { ResourceKind } from "../provider/resourceKinds";
import { KINDS, resourceTypeName } from "../provider/resourceKinds";

/**
 * The last setting read, by its text: a process may run several programs (the Automation API's inline
 * programs), each with its own config, so the text is read for every resource and parsed once.
 */
let cached: { text: string | undefined; setting: RecoverySetting | undefined } | undefined;

/**
 * The setting's text and how to remove it: `infomaniak:recovery` in the stack's config (an inline
 * program's, or one set by hand), else the file `recover` leaves in the program folder.
 */
function recoveryText(): { text: string | undefined; removal: string } {
  const fromConfig = new pulumi.Config("infomaniak").get("recovery");
  if (fromConfig !== undefined)
    return { text: fromConfig, removal: "`pulumi config rm infomaniak:recovery`" };
  const folder = pulumi.getRootDirectory() || programRoot(process.cwd());
  const stack = pulumi.getStack();
  return { text: readRecoveryFile(folder, stack), removal: `\`rm ${recoveryFile(folder, stack)}\`` };
}

function recovery(): RecoverySetting | undefined {
  const { text, removal } = recoveryText();
  if (cached !== undefined && cached.text === text) return cached.setting;
  let setting: RecoverySetting | undefined;
  try {
    setting = parseRecovery(text, removal);
  } catch (error) {
    if (error instanceof RecoverySettingError) throw new pulumi.RunError(error.message);
    throw error;
  }
  if (setting && !recoveryInForce(setting, Date.now())) {
    void pulumi.log.warn(
      `infomaniak:recovery (from \`infomaniak-mailbox recover\`) ended on ${setting.until} and is ignored: remove it with ${removal}`,
    );
    setting = undefined;
  }
  cached = { text, setting };
  return setting;
}

/**
 * Whether this resource takes over what an interrupted run made (`adopt: true` for this run), because
 * `recover` listed it among that run's pending creates.
 */
export function adoptsAfterInterruption(kind: ResourceKind, name: string): boolean {
  // Only kinds with an `adopt` input: what an interrupted create may have made exists without a state.
  if (!KINDS[kind].adopts) return false;
  const setting = recovery();
  return setting !== undefined && recoveryAdopts(setting, resourceTypeName(kind), name);
}
