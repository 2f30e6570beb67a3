import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { parseOptions } from "../../cli/options";
import { REPORT_COMMAND } from "../../cli/reportCommand";

const CI = join(__dirname, "../../examples/ci");

/** Every `infomaniak-mailbox report …` command in a CI file, as its arguments (shell variables kept as words). */
function reportCommands(file: string): string[][] {
  const text = readFileSync(join(CI, file), "utf8");
  return [...text.matchAll(/infomaniak-mailbox report ([^|\n]+)/g)].map((m) =>
    (m[1] ?? "")
      .trim()
      .split(/\s+/)
      .map((word) => word.replace(/^"|"$/g, "")),
  );
}

describe("the CI examples stay true to the CLI", () => {
  it.each(["github-actions.yml", "gitlab-ci.yml"])("%s is YAML and its report commands parse", (file) => {
    expect(() => parse(readFileSync(join(CI, file), "utf8")) as unknown).not.toThrow();
    const commands = reportCommands(file);
    expect(commands.length).toBeGreaterThanOrEqual(2);
    for (const args of commands) {
      expect(parseOptions(REPORT_COMMAND, args).preview).toBeTruthy();
    }
    // One gate for pull requests, one for the scheduled drift check.
    expect(commands.some((a) => a.includes("--fail-on-drift"))).toBe(true);
  });
});
