import * as pulumi from "@pulumi/pulumi";
import type { ResourceKind } from "../provider/resourceKinds";
import { resourceTypeName } from "../provider/resourceKinds";
import { providerStub } from "./providerStub";
import { adoptsAfterInterruption } from "./recovery";

/**
 * `@pulumi/pulumi` gives each property of a new resource four promises, each with a formatted stack
 * trace kept for `PULUMI_DEBUG_PROMISE_LEAKS` (through source-map-support): with a dozen properties a
 * resource, that was most of the program's CPU time and memory at a thousand resources (see
 * docs/performance.md). Those traces are left empty unless that debugging is on; the resource's own
 * source position and stack trace are unaffected (Pulumi lifts the limit while it records them).
 */
function withoutPromiseStacks(): () => void {
  if (process.env["PULUMI_DEBUG_PROMISE_LEAKS"]) return () => undefined;
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  return () => {
    Error.stackTraceLimit = limit;
  };
}

/** What every resource of this package may declare about how it reaches Infomaniak. */
export interface ConnectionArgs {
  /**
   * The environment variable holding this resource's API token (`ACME_INFOMANIAK_TOKEN`), for
   * organisations of separate Infomaniak accounts in one stack or pipeline; by default
   * `infomaniak:token` or INFOMANIAK_TOKEN. The name is stored in the state, never the token.
   */
  tokenEnv?: pulumi.Input<string>;
}

/** What every resource of this package hands to the engine. */
export interface ResourceRegistration {
  /** The program's arguments. */
  inputs: object;
  /**
   * The engine's outputs the resource exposes, inputs the program may leave out among them: each must
   * be named at registration for the engine to report it.
   */
  outputs: readonly string[];
  /** Outputs stored encrypted whatever the program says (invitation links). */
  secretOutputs?: readonly string[];
}

/** A dynamic resource of this package: its serialized provider is the kind's stub. */
export abstract class InfomaniakResource extends pulumi.dynamic.Resource {
  protected constructor(
    kind: ResourceKind,
    name: string,
    registration: ResourceRegistration,
    opts: pulumi.CustomResourceOptions | undefined,
  ) {
    const { inputs, outputs, secretOutputs = [] } = registration;
    const props: pulumi.Inputs = {
      ...Object.fromEntries(outputs.map((key) => [key, undefined])),
      ...inputs,
      ...(adoptsAfterInterruption(kind, name) ? { adopt: true } : {}),
    };
    const options =
      secretOutputs.length === 0
        ? opts
        : { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...secretOutputs] };
    const restore = withoutPromiseStacks();
    try {
      super(providerStub(kind), name, props, options, "infomaniak", resourceTypeName(kind));
    } finally {
      restore();
    }
  }
}
