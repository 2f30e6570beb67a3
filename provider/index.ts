import type * as pulumi from "@pulumi/pulumi";
import type { ResourceImplementation } from "./resourceImplementation";
import type { ResourceKind } from "./resourceKinds";
import { engineProbe } from "./resources/engineProbe";

/**
 * The provider package entry, `pulumi-infomaniak-mailbox/provider`. The serialized stubs in the state
 * `require` this module by name at run time, so everything here is what the installed version does,
 * also for stacks created by older versions.
 */
const implementations: Record<ResourceKind, ResourceImplementation> = { engineProbe };

export function resource(kind: ResourceKind): ResourceImplementation {
  return implementations[kind];
}

export function configure(_req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  return Promise.resolve();
}

export type { ResourceKind } from "./resourceKinds";
export { RESOURCE_KINDS } from "./resourceKinds";
