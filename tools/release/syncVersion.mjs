#!/usr/bin/env node
// `npm version <x>` runs this (the `version` script) after it bumps package.json and before it
// commits: the version is written once, in package.json, and copied to the places that repeat it
// (the policy pack's own package.json, the examples' dependency range). It refuses when CHANGELOG.md
// has no section for the new version, so no release goes out without its notes.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";

const root = join(import.meta.dirname, "../..");
const read = (file) => JSON.parse(readFileSync(join(root, file), "utf8"));
const write = (file, json) => writeFileSync(join(root, file), `${JSON.stringify(json, null, 2)}\n`);

const { name, version } = read("package.json");
write("policy-pack/package.json", { ...read("policy-pack/package.json"), version });
for (const example of ["examples/quickstart/package.json", "examples/organisations/package.json"]) {
  const json = read(example);
  write(example, { ...json, dependencies: { ...json.dependencies, [name]: `^${version}` } });
}
if (!readFileSync(join(root, "CHANGELOG.md"), "utf8").includes(`\n## [${version}] - `)) {
  process.stderr.write(
    `release: CHANGELOG.md has no "## [${version}] - <date>" section: move [Unreleased] there first\n`,
  );
  process.exitCode = 1;
}
