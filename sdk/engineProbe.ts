import type * as pulumi from "@pulumi/pulumi";
import { InfomaniakResource } from "./infomaniakResource";

export interface EngineProbeArgs {
  /** Any non-empty text; changing it is an in-place update. */
  label: pulumi.Input<string>;
}

/**
 * A resource with no remote side: it checks that the engine can run this package's provider, and
 * reports which provider version ran.
 */
export class EngineProbe extends InfomaniakResource {
  declare readonly label: pulumi.Output<string>;
  declare readonly providerVersion: pulumi.Output<string>;

  constructor(name: string, args: EngineProbeArgs, opts?: pulumi.CustomResourceOptions) {
    super("engineProbe", name, { inputs: { label: args.label }, outputs: ["providerVersion"] }, opts);
  }
}
