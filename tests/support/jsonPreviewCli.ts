import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PulumiCommand } from "@pulumi/pulumi/automation";
import { onPath } from "../../sdk/automation/languageHost";

/**
 * The pulumi CLI on PATH behind a one-line wrapper that adds `--json --show-sames` to `preview`, so
 * the Automation API's output is what `pulumi preview --json --show-sames` prints: the engine's own
 * JSON digest, which the Automation API has no option for.
 */
export async function jsonPreviewCli(root: string): Promise<PulumiCommand> {
  // By absolute path: the Automation API puts the wrapper's folder first on the CLI's PATH.
  const real = onPath("pulumi");
  if (!real) throw new Error("no pulumi on PATH: run `npm run engine`");
  mkdirSync(join(root, "bin"), { recursive: true });
  const script = join(root, "bin", "pulumi");
  writeFileSync(
    script,
    [
      "#!/bin/sh",
      `if [ "$1" = preview ]; then exec "${real}" "$@" --json --show-sames; fi`,
      `exec "${real}" "$@"`,
      "",
    ].join("\n"),
  );
  chmodSync(script, 0o755);
  return PulumiCommand.get({ root, skipVersionCheck: true });
}
