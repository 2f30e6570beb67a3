import * as pulumi from "@pulumi/pulumi";
import { providerStub } from "./providerStub";

export interface EngineProbeArgs {
  /** Any non-empty text; changing it is an in-place update. */
  label: pulumi.Input<string>;
}

/**
 * A resource with no remote side: it checks that the engine can run this package's provider, and
 * reports which provider version ran.
 */
export class EngineProbe extends pulumi.dynamic.Resource {
  declare readonly label: pulumi.Output<string>;
  declare readonly providerVersion: pulumi.Output<string>;

  constructor(name: string, args: EngineProbeArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerStub("engineProbe"),
      name,
      { label: args.label, providerVersion: undefined },
      opts,
      "infomaniak",
      "EngineProbe",
    );
  }
}
