import { EngineProbe } from "pulumi-infomaniak-mailbox";

/**
 * The quick start program. It runs with `pulumi up` in a project whose Pulumi.yaml points here, or
 * inline through the Automation API (`npm run demo`): Pulumi calls the exported function.
 */
export = () => {
  const probe = new EngineProbe("engine-probe", { label: "quickstart" });
  return { providerVersion: probe.providerVersion };
};
