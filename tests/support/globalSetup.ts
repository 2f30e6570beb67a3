import { execFileSync } from "node:child_process";
import { join } from "node:path";

/**
 * Makes the pinned Pulumi CLI and the Node.js dynamic-provider plugin available to every test worker
 * (builds the CLI on a machine's first run). Workers inherit this process's environment.
 */
export default function globalSetup(): void {
  const bin = execFileSync("bash", [join(__dirname, "../../tools/engine/ensure-pulumi.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();
  process.env["PATH"] = `${bin}:${process.env["PATH"] ?? ""}`;
}
