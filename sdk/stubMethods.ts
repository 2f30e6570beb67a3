import type * as pulumi from "@pulumi/pulumi";
import type * as providerModule from "../provider";
import type { ResourceKind } from "../provider/resourceKinds";

type ProviderModule = typeof providerModule;

/**
 * The provider's methods for one resource kind: each loads the implementation from the installed
 * package by name, so no client, token or implementation code is ever serialized, and a fix to the
 * provider reaches old stacks too (the engine runs `read` and `delete` with the stub stored in the
 * old state).
 */
export function stubMethods(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  // A by-name require, resolved in the provider process: the closure serializer keeps it as is.
  // (Comments inside these functions would be serialized too.)
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const load = (): ProviderModule => require("pulumi-infomaniak-mailbox/provider") as ProviderModule;
  return {
    configure: (req) => load().configure(req),
    check: (olds, news) => load().resource(kind).check(olds, news),
    diff: (id, olds, news) => load().resource(kind).diff(id, olds, news),
    create: (inputs) => load().resource(kind).create(inputs),
    read: (id, props) => load().resource(kind).read(id, props),
    update: (id, olds, news) => load().resource(kind).update(id, olds, news),
    delete: (id, props) => load().resource(kind).delete(id, props),
  };
}
