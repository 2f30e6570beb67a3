import type * as pulumi from "@pulumi/pulumi";
import type { ResourceImplementation } from "./resourceImplementation";
import type { ResourceKind } from "./resourceKinds";
import { engineProbe } from "./resources/engineProbe";
import { externalInvitation } from "./resources/externalInvitation";
import { mailboxAccess } from "./resources/mailboxAccess";
import { mailboxPolicy } from "./resources/mailboxPolicy";
import { organisationUser } from "./resources/organisationUser";
import { configureRuntime } from "./runtime";

/**
 * The provider package entry, `pulumi-infomaniak-mailbox/provider`. The serialized stubs in the state
 * `require` this module by name at run time, so everything here is what the installed version does,
 * also for stacks created by older versions.
 */
const implementations: Record<ResourceKind, ResourceImplementation> = {
  engineProbe,
  organisationUser,
  mailboxAccess,
  externalInvitation,
  mailboxPolicy,
};

export function resource(kind: ResourceKind): ResourceImplementation {
  return implementations[kind];
}

/** Reads `infomaniak:*` from the stack config (the engine passes the whole config, secrets decrypted). */
export function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  configureRuntime((key) => req.config.get(key));
  return Promise.resolve();
}

export type { ResourceKind } from "./resourceKinds";
export { RESOURCE_KINDS } from "./resourceKinds";
