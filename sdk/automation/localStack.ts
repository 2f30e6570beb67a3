import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { ConfigMap, ProjectSettings, PulumiFn, Stack } from "@pulumi/pulumi/automation";
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation";
import { packageInfo } from "../../provider/packageInfo";

export interface LocalStackOptions {
  projectName: string;
  stackName: string;
  /** The Pulumi program, run inline by the Automation API (no language host needed). */
  program: PulumiFn;
  /** Holds the `file://` backend and a private PULUMI_HOME: nothing is read from or sent elsewhere. */
  stateDir: string;
  config?: ConfigMap;
  /** Extra variables for the engine and the provider process it starts. */
  env?: Record<string, string>;
  /** The CLI to run (default: the `pulumi` found on PATH). */
  pulumiCommand?: PulumiCommand;
}

/** Settings that keep the engine offline and quiet, whatever the machine's own Pulumi setup is. */
export function offlineEngineEnv(stateDir: string): Record<string, string> {
  return {
    PULUMI_BACKEND_URL: `file://${join(stateDir, "backend")}`,
    PULUMI_HOME: join(stateDir, "home"),
    PULUMI_CONFIG_PASSPHRASE: process.env["PULUMI_CONFIG_PASSPHRASE"] ?? "",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
  };
}

/** Pulumi.yaml's `plugins` section, which the Automation API's settings type does not name. */
interface ProjectSettingsWithPlugins extends ProjectSettings {
  plugins: { analyzers: { name: string; path: string }[] };
}

/**
 * Where the engine finds `pulumi-analyzer-policy-nodejs`, which runs a Node.js policy pack (such as
 * this package's `policy-pack/`) on a machine without the Node.js language host; with one, the host
 * runs the pack and this is not used.
 */
export function policyAnalyzerPlugin(): { name: string; path: string } {
  return { name: "policy-nodejs", path: join(packageInfo().root, "bin") };
}

/**
 * Opens (creating if needed) a stack on a local `file://` backend with the `pulumi` found on PATH
 * (`npm run engine` prints the folder that holds the pinned one).
 */
export async function openLocalStack(options: LocalStackOptions): Promise<Stack> {
  const env = { ...offlineEngineEnv(options.stateDir), ...options.env };
  mkdirSync(join(options.stateDir, "backend"), { recursive: true });
  mkdirSync(join(options.stateDir, "home"), { recursive: true });
  // The Automation API reads these from its own process too (version check, CLI lookup).
  Object.assign(process.env, {
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
  });
  // The provider process starts in `main` and must resolve this package (and @pulumi/pulumi) from
  // there: the package's own folder does, installed or in this checkout.
  const projectSettings: ProjectSettingsWithPlugins = {
    name: options.projectName,
    runtime: "nodejs",
    main: packageInfo().root,
    backend: { url: env["PULUMI_BACKEND_URL"] },
    plugins: { analyzers: [policyAnalyzerPlugin()] },
  };
  const stack = await LocalWorkspace.createOrSelectStack(
    { projectName: options.projectName, stackName: options.stackName, program: options.program },
    {
      pulumiCommand: options.pulumiCommand ?? (await PulumiCommand.get({ skipVersionCheck: true })),
      pulumiHome: env["PULUMI_HOME"],
      envVars: env,
      projectSettings,
    },
  );
  if (options.config) await stack.setAllConfig(options.config);
  return stack;
}
