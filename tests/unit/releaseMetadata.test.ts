import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";

/**
 * What a release promises, checked on every run: the version written once (package.json) and repeated
 * where it must be by `npm version` (tools/release/syncVersion.mjs); the changelog and the state fixture
 * of that version; runtime dependencies as ranges whose lowest version is the one this suite runs.
 */

const ROOT = join(__dirname, "../..");
const Manifest = z.object({
  name: z.string(),
  version: z.string().optional(),
  dependencies: z.record(z.string(), z.string()).default({}),
  peerDependencies: z.record(z.string(), z.string()).default({}),
  devDependencies: z.record(z.string(), z.string()).default({}),
});
const Lock = z.object({ packages: z.record(z.string(), z.object({ version: z.string().optional() })) });
const read = (file: string): unknown => JSON.parse(readFileSync(join(ROOT, file), "utf8"));
const manifest = Manifest.extend({ version: z.string() }).parse(read("package.json"));

describe("the release's metadata", () => {
  it("repeats the package's version in the policy pack and the examples' dependency", () => {
    expect(Manifest.parse(read("policy-pack/package.json")).version).toBe(manifest.version);
    for (const example of ["quickstart", "organisations"])
      expect(Manifest.parse(read(`examples/${example}/package.json`)).dependencies[manifest.name]).toBe(
        `^${manifest.version}`,
      );
  });

  it("has a dated changelog section, with its link, and a state fixture for this version", () => {
    const changelog = readFileSync(join(ROOT, "CHANGELOG.md"), "utf8");
    expect(changelog).toMatch(
      new RegExp(`\\n## \\[${manifest.version.replace(/\./g, "\\.")}\\] - \\d{4}-\\d{2}-\\d{2}\\n`),
    );
    expect(changelog).toContain(`\n[${manifest.version}]: `);
    expect(changelog).toContain("\n## [Unreleased]\n");
    expect(existsSync(join(ROOT, `tests/e2e/stateCompatibility/v${manifest.version}/stack.json`))).toBe(true);
  });

  it("declares each runtime dependency as a caret range from the version the lock installs", () => {
    const lock = Lock.parse(read("package-lock.json"));
    const ranges = Object.entries(manifest.dependencies).map(([name, range]) => [
      name,
      range,
      lock.packages[`node_modules/${name}`]?.version,
    ]);
    expect(ranges).toEqual(
      Object.entries(manifest.dependencies).map(([name, range]) => [name, range, range.slice(1)]),
    );
    expect(Object.values(manifest.dependencies).every((range) => /^\^\d+\.\d+\.\d+$/.test(range))).toBe(true);
  });

  it("tests the lowest end of the @pulumi/pulumi peer range: the pin is that range's lower bound", () => {
    expect(manifest.peerDependencies["@pulumi/pulumi"]).toBe(
      `^${manifest.devDependencies["@pulumi/pulumi"]}`,
    );
  });
});
