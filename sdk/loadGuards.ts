import { existsSync } from "node:fs";
import { dirname, join, sep } from "node:path";
import { packageInfo } from "../provider/packageInfo";

/** Why the SDK refuses to load: each names what is wrong, where, and the fix. */
export class SdkLoadError extends Error {
  override readonly name = "SdkLoadError";
  constructor(
    readonly code: "wrong_entry_point" | "duplicate_pulumi",
    message: string,
  ) {
    super(message);
  }
}

/** Pulumi's Node.js runtime (`@pulumi/pulumi/cmd/run`) runs the program in this process. */
function underPulumiRun(): boolean {
  return /[\\/]@pulumi[\\/]pulumi[\\/]cmd[\\/]run([\\/]|$)/.test(process.argv[1] ?? "");
}

function nearestManifestDir(from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
    if (dir === dirname(dir)) return undefined;
  }
}

/**
 * The runtime runs the `main` of the package.json nearest the program's folder: when that is this
 * package's own (an example copied without its package.json, in a folder under this package), the
 * SDK would be "the program" and the run a green one that declares nothing.
 */
function refuseBeingTheProgram(): void {
  if (!underPulumiRun()) return;
  const programDir = process.cwd();
  const manifestDir = nearestManifestDir(programDir);
  if (manifestDir !== packageInfo().root) return;
  throw new SdkLoadError(
    "wrong_entry_point",
    `Pulumi is running the pulumi-infomaniak-mailbox package itself as your program, not your index.ts: ` +
      `${programDir} has no package.json, so Pulumi's Node.js runtime took the nearest one up the tree ` +
      `(${join(manifestDir, "package.json")}). Add a package.json beside your program with "main": "index.ts" ` +
      `(as each example in this package's repository has).`,
  );
}

/** The folders of every copy of @pulumi/pulumi this process has loaded (CommonJS modules). */
function loadedPulumiCopies(): string[] {
  const marker = `${sep}@pulumi${sep}pulumi${sep}`;
  const roots = Object.keys(require.cache).flatMap((file) => {
    const at = file.lastIndexOf(marker);
    return at === -1 ? [] : [file.slice(0, at + marker.length - 1)];
  });
  return [...new Set(roots)];
}

let singleCopySeen = false;

/**
 * Resources must be registered through the copy of @pulumi/pulumi that runs the program: with a
 * second copy, a preview hangs or fails with "Request message serialization failure".
 */
export function refuseSecondPulumiCopy(): void {
  if (singleCopySeen) return;
  const ours = dirname(require.resolve("@pulumi/pulumi/package.json"));
  const copies = loadedPulumiCopies();
  const others = copies.filter((copy) => copy !== ours);
  // Once our copy is loaded (or the runtime's copy is ours), a later look would find nothing new.
  if (others.length === 0) {
    singleCopySeen = underPulumiRun() || copies.includes(ours);
    return;
  }
  throw new SdkLoadError(
    "duplicate_pulumi",
    `Two copies of @pulumi/pulumi are loaded: ${others.join(", ")} (your program's) and ${ours} ` +
      `(the one pulumi-infomaniak-mailbox resolves). Resources declared through one are not seen by the engine ` +
      `connection of the other: a preview would hang, or fail with "Request message serialization failure". ` +
      `Keep one copy: \`npm ls @pulumi/pulumi\` shows them; install a version that satisfies this package's peer ` +
      `dependency (@pulumi/pulumi ${packageInfo().peerPulumi}) in your project, then \`npm dedupe\`.`,
  );
}

/** Run when the SDK is loaded: what would otherwise fail silently, or hang, fails here, saying why. */
export function checkHowTheSdkIsLoaded(): void {
  refuseBeingTheProgram();
  refuseSecondPulumiCopy();
}
