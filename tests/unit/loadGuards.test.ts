import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { tmpdir } from "node:os";
import { packageInfo } from "../../provider/packageInfo";
import type * as GuardsModule from "../../sdk/loadGuards";
import { makeTempDir } from "../support/tempDir";

type Guards = typeof GuardsModule;

/** The guards as a fresh module (they remember a single copy once seen). */
function freshGuards(): Guards {
  let guards: Guards | undefined;
  jest.isolateModules(() => {
    guards = jest.requireActual<Guards>("../../sdk/loadGuards");
  });
  if (guards === undefined) throw new Error("sdk/loadGuards did not load");
  return guards;
}

const root = packageInfo().root;
const ours = dirname(require.resolve("@pulumi/pulumi/package.json"));
const argv1 = process.argv[1];

/** Runs `check` as if Pulumi's Node.js runtime (`program`) ran the program from `cwd`. */
function runAs<T>(program: string | undefined, cwd: string, check: () => T): T {
  const spy = jest.spyOn(process, "cwd").mockReturnValue(cwd);
  process.argv[1] = program as string;
  try {
    return check();
  } finally {
    process.argv[1] = argv1 as string;
    spy.mockRestore();
  }
}

/** What `check` throws (or undefined), with its code and message. */
function thrown(check: () => void): { code: string; name: string; message: string } | undefined {
  try {
    check();
    return undefined;
  } catch (e) {
    const error = e as { code: string; name: string; message: string };
    return { code: error.code, name: error.name, message: error.message };
  }
}

const RUN = "/opt/node_modules/@pulumi/pulumi/cmd/run";

describe("the SDK refuses to be run as the program (sdk/loadGuards.ts)", () => {
  const folder = join(root, "tests", "unit");
  it("under Pulumi's runtime, in a folder of this package with no package.json of its own", () => {
    const { checkHowTheSdkIsLoaded } = freshGuards();
    expect(runAs(RUN, folder, () => thrown(checkHowTheSdkIsLoaded))).toEqual({
      code: "wrong_entry_point",
      name: "SdkLoadError",
      message:
        `Pulumi is running the pulumi-infomaniak-mailbox package itself as your program, not your index.ts: ` +
        `${folder} has no package.json, so Pulumi's Node.js runtime took the nearest one up the tree ` +
        `(${join(root, "package.json")}). Add a package.json beside your program with "main": "index.ts" ` +
        `(as each example in this package's repository has).`,
    });
    expect(runAs(`${RUN}/index.js`, folder, () => thrown(checkHowTheSdkIsLoaded))?.code).toBe(
      "wrong_entry_point",
    );
    expect(
      runAs("C:\\n\\@pulumi\\pulumi\\cmd\\run", folder, () => thrown(checkHowTheSdkIsLoaded))?.code,
    ).toBe("wrong_entry_point");
  });

  it.each([
    ["another program runs", `/opt/node_modules/@pulumi/pulumi/cmd/runner`, folder],
    ["no program path", undefined, folder],
    ["the program has its own package.json", RUN, join(root, "examples", "quickstart")],
    ["the program is outside this package", RUN, tmpdir()],
  ])("not when %s", (_why, program, cwd) => {
    const { checkHowTheSdkIsLoaded } = freshGuards();
    expect(runAs(program, cwd, () => thrown(checkHowTheSdkIsLoaded))).toBeUndefined();
  });
});

describe("the SDK refuses a second copy of @pulumi/pulumi", () => {
  // A copy elsewhere: a module loaded from a folder named like the package.
  const elsewhere = makeTempDir("second-pulumi");
  const other = join(elsewhere.path, "node_modules", "@pulumi", "pulumi");
  mkdirSync(other, { recursive: true });
  writeFileSync(join(other, "index.js"), "module.exports = {};\n");
  const loadOther = () => jest.requireActual<object>(join(other, "index.js"));
  const loadOurs = () => jest.requireActual<object>("@pulumi/pulumi");
  afterAll(() => elsewhere.remove());
  // The guards read the modules this test file's registry holds: none until a test loads them.
  beforeEach(() => jest.resetModules());

  it("names both copies and the fix", () => {
    const { refuseSecondPulumiCopy } = freshGuards();
    loadOurs();
    loadOther();
    expect(thrown(refuseSecondPulumiCopy)).toEqual({
      code: "duplicate_pulumi",
      name: "SdkLoadError",
      message:
        `Two copies of @pulumi/pulumi are loaded: ${other} (your program's) and ${ours} ` +
        `(the one pulumi-infomaniak-mailbox resolves). Resources declared through one are not seen by the engine ` +
        `connection of the other: a preview would hang, or fail with "Request message serialization failure". ` +
        `Keep one copy: \`npm ls @pulumi/pulumi\` shows them; install a version that satisfies this package's peer ` +
        `dependency (@pulumi/pulumi ${packageInfo().peerPulumi}) in your project, then \`npm dedupe\`.`,
    });
  });

  it("looks no more once its own copy was the only one loaded", () => {
    const { refuseSecondPulumiCopy } = freshGuards();
    loadOurs();
    expect(thrown(refuseSecondPulumiCopy)).toBeUndefined();
    loadOther();
    expect(thrown(refuseSecondPulumiCopy)).toBeUndefined();
  });

  it("nor under Pulumi's runtime, whose copy is the program's", () => {
    const { refuseSecondPulumiCopy } = freshGuards();
    expect(runAs(RUN, tmpdir(), () => thrown(refuseSecondPulumiCopy))).toBeUndefined();
    loadOther();
    expect(thrown(refuseSecondPulumiCopy)).toBeUndefined();
  });

  it("looks again while no copy is loaded yet", () => {
    const { refuseSecondPulumiCopy } = freshGuards();
    expect(thrown(refuseSecondPulumiCopy)).toBeUndefined();
    loadOther();
    expect(thrown(refuseSecondPulumiCopy)?.code).toBe("duplicate_pulumi");
  });
});
