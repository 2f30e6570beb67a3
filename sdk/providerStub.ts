import { createRequire } from "node:module";
import { relative, sep } from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { packageInfo } from "../provider/packageInfo";
import type { ResourceKind } from "../provider/resourceKinds";
import { refuseSecondPulumiCopy } from "./loadGuards";

type Stub = pulumi.dynamic.ResourceProvider;

const stubs = new Map<ResourceKind, Stub>();

/**
 * The provider handed to `dynamic.Resource`, which the engine serializes into every resource's
 * state (twice: inputs and outputs). One object per kind: `@pulumi/pulumi` caches the serialized
 * text per provider object, so the closure serializer runs once per kind, not once per resource.
 */
export function providerStub(kind: ResourceKind): Stub {
  // Checked again here: an inline program may load its own @pulumi/pulumi after this package.
  refuseSecondPulumiCopy();
  let stub = stubs.get(kind);
  if (stub === undefined) {
    stub = compactOrByValue(kind);
    stubs.set(kind, stub);
  }
  return stub;
}

/**
 * The serializer stores a value that is a module's exports, in a package of the program's
 * `node_modules`, as `require("<package>/stubs/<kind>")` (about 280 bytes); anything else by value,
 * each method's code (about 2.4 KB). The module form is used only where the serializer will find it
 * by that name: a regular npm or yarn install. Elsewhere (this checkout's self-link, pnpm's
 * `.pnpm` store, tests under jest) a copy of the module's object is serialized by value.
 */
function compactOrByValue(kind: ResourceKind): Stub {
  const file = require.resolve(`./stubs/${kind}`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const stub = require(file) as Stub;
  return referableByName(kind, file) ? stub : { ...stub };
}

/** Mirrors how `@pulumi/pulumi`'s closure serializer names a captured module (runtime/closure). */
function referableByName(kind: ResourceKind, file: string): boolean {
  const parts = relative(process.cwd(), file).split(sep);
  const at = parts.indexOf("node_modules");
  if (at < 0 || parts[at + 1] !== packageInfo().name) return false;
  // The serializer reads this package's exports map from where @pulumi/pulumi is installed.
  try {
    const fromPulumi = createRequire(require.resolve("@pulumi/pulumi"));
    return fromPulumi.resolve(`${packageInfo().name}/stubs/${kind}`) === file;
  } catch {
    return false;
  }
}
