import { resolve } from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import type { Recovery, StateChanges } from "./recover";
import { RecoverError, recoverStack } from "./recover";
import { programFolder } from "../plan/clients";
import { EVERY_CREATE } from "../../provider/fields/recovery";
import type { CommandSpec } from "../shared/options";
import { parseOptions } from "../shared/options";
import type { CommandIo } from "../report/command";

export const RECOVER_COMMAND = {
  name: "recover",
  summary: "Make a stack whose `pulumi up` was killed ready for the `up` that finishes it.",
  details: [
    "Run it where the program is, once the killed run is gone. It refuses while that run is alive, removes",
    "its lock, clears its pending creates with a refresh, and leaves infomaniak:recovery (for 24 hours)",
    "so that the next `pulumi up` takes over exactly what the run was creating, the program unchanged.",
    "It is left in .infomaniak-mailbox/ in the program folder, which git ignores: nothing to commit.",
  ].join("\n"),
  options: {
    stack: { type: "string", value: "NAME", defaultText: "the selected stack", help: "the stack to recover" },
    cwd: { type: "string", value: "DIR", defaultText: ".", help: "the program's folder" },
    force: {
      type: "boolean",
      help: "recover although the lock was taken on another machine, whose run cannot be seen from here",
    },
  },
} as const satisfies CommandSpec;

/** What the refresh changed in the state, as a preview would say it (nothing: said so). */
function refreshLines({ removed, changed }: StateChanges): string[] {
  if (removed.length + changed.length === 0)
    return [
      "Pending creates cleared and every resource re-read (refresh): the state already matched Infomaniak.",
    ];
  return [
    "Pending creates cleared and every resource re-read (refresh), which changed the state:",
    ...removed.map(
      (r) => `  - ${r}: gone at Infomaniak, removed from the state (the next up declares it again)`,
    ),
    ...changed.map((r) => `  ~ ${r}: read as it is at Infomaniak now`),
  ];
}

function summary(stack: string, recovery: Recovery): string {
  if (!recovery.refreshed)
    return `${stack}: nothing to recover: no lock, no interrupted operation, no cut state file. Nothing was changed.\n`;
  const name = (urn: string) =>
    urn === EVERY_CREATE ? "any resource it creates" : (urn.split("::").pop() ?? urn);
  return [
    ...(recovery.repaired
      ? [
          recovery.repaired.lostLastStep
            ? `The kill cut off the state file while the engine wrote it: put back the checkpoint before it (${recovery.repaired.file}; the cut one is kept beside it). It lacks the run's last step.`
            : `The kill cut off the state file's attributes while the engine wrote them: set aside (${recovery.repaired.file}).`,
        ]
      : []),
    recovery.cancelled
      ? `Removed the lock of the interrupted run on ${stack} (the run started ${recovery.interruptedAt ? `no earlier than ${recovery.interruptedAt}` : "at an unknown time"}).`
      : `${stack} held no lock this command can read.`,
    ...refreshLines(recovery.refreshed),
    ...(recovery.setting
      ? [
          `The next \`pulumi up\` takes over what the run made for (infomaniak:recovery, until ${recovery.setting.until}, in ${recovery.settingFile ?? "the stack's config"}):`,
          ...recovery.adopting.map((urn) => `  - ${name(urn)}`),
        ]
      : recovery.adopting.length === 0
        ? ["The run was creating nothing of this package's: the next `pulumi up` finishes it."]
        : []),
    ...(recovery.leftToAPerson.length > 0
      ? ["Left to a person:", ...recovery.leftToAPerson.map((line) => `  - ${line}`)]
      : []),
    `Next: pulumi up --stack ${stack}${recovery.setting ? `, then ${recovery.settingFile ? `rm ${recovery.settingFile}` : "pulumi config rm infomaniak:recovery"} (else ignored after ${recovery.setting.until})` : ""}`,
    "",
  ].join("\n");
}

/**
 * The stack to recover: of a program folder (refused as `plan` refuses one that is not), named or
 * selected there, and one the backend has; each mistake said in one line with the fix.
 */
async function stackToRecover(cwd: string | undefined, named: string | undefined): Promise<Stack> {
  const workDir = programFolder(resolve(cwd ?? "."), "recover: --cwd");
  const stacks = await (await LocalWorkspace.create({ workDir })).listStacks();
  const names = stacks.map((s) => s.name.split("/").at(-1) ?? s.name);
  const known = names.length > 0 ? `the stacks are ${names.join(", ")}` : "it has no stack";
  const stackName = named ?? names[stacks.findIndex((s) => s.current)];
  if (stackName === undefined)
    throw new RecoverError(
      "unknown_stack",
      `recover: no stack is selected in ${workDir}: pass --stack NAME (${known})`,
    );
  if (!names.includes(stackName))
    throw new RecoverError(
      "unknown_stack",
      `recover: --stack ${stackName}: the program in ${workDir} has no such stack on this backend; ${known}`,
    );
  return LocalWorkspace.selectStack({ stackName, workDir });
}

/** `recover [--stack NAME] [--cwd DIR] [--force]`: recoverStack on the program's stack, through the CLI. */
export async function runRecover(args: string[], io: Pick<CommandIo, "write" | "warn">): Promise<number> {
  const values = parseOptions(RECOVER_COMMAND, args);
  const stack = await stackToRecover(values.cwd, values.stack);
  const recovery = await recoverStack(stack, { force: values.force });
  io.write(summary(stack.name, recovery));
  return 0;
}
