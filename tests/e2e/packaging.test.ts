import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { packageInfo } from "../../provider/packageInfo";
import { SimulatorAdmin } from "../../simulator/adminClient";
import { cleanCheckout } from "../support/cleanCheckout";
import { startLockfileRegistry } from "../support/lockfileRegistry";
import { describeWithLanguageHost, run } from "../support/pulumiCli";
import { stubViolations } from "../support/serializedProvider";
import { makeTempDir } from "../support/tempDir";

const ROOT = join(__dirname, "../..");

/** The README's "Use it in your own Pulumi project" section: its code blocks, in order. */
function ownProjectSteps(): { install: string; pulumiYaml: string; indexTs: string; stack: string } {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const section = readme.split("\n## Use it in your own Pulumi project\n")[1]?.split("\n## ")[0] ?? "";
  const blocks = [...section.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({
    lang: m[1],
    body: m[2] ?? "",
  }));
  expect(blocks.map((b) => b.lang)).toEqual(["sh", "yaml", "ts", "sh"]);
  const [install, pulumiYaml, indexTs, stack] = blocks.map((b) => b.body) as [string, string, string, string];
  return { install, pulumiYaml, indexTs, stack };
}

/**
 * The tarball a user downloads from the registry: the one named by PACKAGING_TARBALL (the release
 * workflow tests the file it then publishes), else packed as a maintainer would from a clean clone,
 * where nothing is built yet: the package's own `prepack` must build dist/.
 */
async function packedTarball(dir: string): Promise<{ path: string; files: string[] }> {
  const given = process.env["PACKAGING_TARBALL"];
  if (given) {
    const listed = await run("tar", ["-tzf", given]);
    expect(listed.code).toBe(0);
    const files = listed.stdout.split("\n").flatMap((line) => (line ? [line.replace(/^package\//, "")] : []));
    return { path: resolve(given), files };
  }
  const checkout = join(dir, "checkout");
  cleanCheckout(ROOT, checkout);
  expect(existsSync(join(checkout, "dist"))).toBe(false);
  const packed = await run("npm", ["pack", "--json", "--pack-destination", dir], {
    cwd: checkout,
    timeoutMs: 300_000,
  });
  expect(packed.code).toBe(0);
  const [info] = JSON.parse(packed.stdout) as { filename: string; size: number; files: { path: string }[] }[];
  if (!info) throw new Error("npm pack printed nothing");
  console.log(`npm pack: ${info.filename}, ${(info.size / 1024).toFixed(1)} kB, ${info.files.length} files`);
  return { path: join(dir, info.filename), files: info.files.map((f) => f.path) };
}

/** The simulator, started by the installed package's own command; resolves with its URL. */
function startInstalledSimulator(cwd: string): Promise<{ url: string; process: ChildProcess }> {
  const child = spawn(join(cwd, "node_modules/.bin/infomaniak-mailbox"), ["simulator", "--port", "0"], {
    cwd,
  });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const url = /http:\/\/127\.0\.0\.1:\d+/.exec(out)?.[0];
      if (url) resolve({ url, process: child });
    });
    child.on("exit", (code) => reject(new Error(`the simulator exited (${code}): ${out}`)));
  });
}

describeWithLanguageHost("the packed package, installed into a project of its own", () => {
  const temp = makeTempDir("packaging");
  let simulator: ChildProcess | undefined;
  let registry: { url: string; close(): Promise<void> } | undefined;
  afterAll(async () => {
    simulator?.kill();
    await registry?.close();
    temp.remove();
  });

  it("follows the README's steps: install, preview, up, preview again; a second @pulumi/pulumi is named", async () => {
    const tarball = await packedTarball(temp.path);
    const files = tarball.files;
    expect(files).toEqual(
      expect.arrayContaining([
        "dist/sdk/index.d.ts",
        "dist/sdk/index.js",
        "LICENSE",
        "policy-pack/PulumiPolicy.yaml",
        "bin/pulumi-analyzer-policy-nodejs",
        // What `export --into` writes into an empty program folder.
        "examples/organisations/index.ts",
        "examples/organisations/Pulumi.yaml",
      ]),
    );
    expect(files.filter((f) => /(^|\/)tests?\/|\.test\.|^dist\/tools\//.test(f))).toEqual([]);
    expect(
      files.filter((f) => f.includes("fixtures/")).every((f) => f.startsWith("simulator/fixtures/")),
    ).toBe(true);

    // The README's steps, in a fresh folder, installing from the npm cache (no network).
    registry = await startLockfileRegistry(ROOT);
    const steps = ownProjectSteps();
    const env = {
      ...process.env,
      HOME: temp.path,
      PULUMI_HOME: join(temp.path, ".pulumi-home"),
      PULUMI_CONFIG_PASSPHRASE: "",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      npm_config_registry: registry.url,
      npm_config_audit: "false",
      npm_config_fund: "false",
    };
    // The package from its tarball, everything else from a loopback registry of this checkout's lock.
    const install = steps.install.replace(
      "npm install pulumi-infomaniak-mailbox",
      `npm install ${tarball.path}`,
    );
    const installed = await run("bash", ["-euo", "pipefail", "-c", install], {
      cwd: temp.path,
      env,
      timeoutMs: 300_000,
    });
    expect(installed.code).toBe(0);
    // npm 11 lists @pulumi/pulumi's protobufjs install script (the README says why it needs nothing).
    const warnings = installed.stderr.split("\n").filter((line) => /^npm (warn|error)/.test(line));
    expect(warnings.filter((line) => !/^npm warn install-scripts( |$)/.test(line))).toEqual([]);
    expect(warnings.join("\n")).not.toMatch(/install-scripts +(?!protobufjs@)[\w@/.-]+@\d/);
    const project = join(temp.path, "my-mailboxes");
    writeFileSync(join(project, "Pulumi.yaml"), steps.pulumiYaml);
    writeFileSync(join(project, "index.ts"), steps.indexTs);

    const sim = await startInstalledSimulator(project);
    simulator = sim.process;
    // `--local` keeps state in the home folder of the user (looked up by the CLI, not from $HOME): here, a temp folder.
    const backend = join(temp.path, "state");
    mkdirSync(backend);
    const stackSteps = steps.stack
      .replace("pulumi login --local", `pulumi login file://${backend}`)
      .replace("http://127.0.0.1:8787", sim.url);
    const applied = await run("bash", ["-euo", "pipefail", "-c", stackSteps], {
      cwd: project,
      env,
      timeoutMs: 300_000,
    });
    expect(`${applied.code}\n${applied.stderr}`).toBe("0\nCreated stack 'dev'\n");
    expect(applied.stdout).toMatch(
      /\+ +pulumi-nodejs:dynamic\/infomaniak:MailboxAccess +support-bruno +create/,
    );
    const again = await run("pulumi", ["preview", "--non-interactive", "--diff"], { cwd: project, env });
    expect(again.stdout).toMatch(/2 unchanged/);

    // The policy pack, from the installed package, as the README's Policy pack section runs it: its
    // rules are advisory by default, so the preview passes and names what they found.
    const checked = await run(
      "pulumi",
      ["preview", "--non-interactive", "--policy-pack", "node_modules/pulumi-infomaniak-mailbox/policy-pack"],
      { cwd: project, env },
    );
    expect(`${checked.code}\n${checked.stderr}`).toBe("0\n");
    expect(checked.stdout).toContain(`infomaniak-mailbox-sharing@v${packageInfo().version}`);
    expect(checked.stdout).toContain("[advisory]  infomaniak-review-required");

    // Applied at the simulator, by the provider loaded from this folder, by name.
    const state = await new SimulatorAdmin(sim.url).state();
    expect(state.accesses?.some((a) => a.mailboxName === "support" && a.userId === 2)).toBe(true);
    const stackFiles = readdirSync(backend, { recursive: true, withFileTypes: true })
      .filter((f) => f.isFile() && f.name.endsWith(".json"))
      .map((f) => readFileSync(join(f.parentPath, f.name), "utf8"))
      .join("\n");
    expect(stackFiles).not.toContain(ROOT);
    // Installed from the registry, each resource stores its stub as a reference to the stub's module.
    const exported = await run("pulumi", ["stack", "export"], { cwd: project, env });
    const providers = (
      JSON.parse(exported.stdout) as { deployment: { resources: { inputs?: { __provider?: string } }[] } }
    ).deployment.resources.flatMap((r) => (r.inputs?.__provider ? [r.inputs.__provider] : []));
    expect(providers).toHaveLength(1);
    for (const provider of providers) {
      expect(provider).toContain('require("pulumi-infomaniak-mailbox/stubs/mailboxAccess")');
      expect(stubViolations(provider)).toEqual([]);
    }

    // The Automation API helpers, by their exported path.
    const automation = await run(
      "node",
      ["-e", "process.stdout.write(typeof require('pulumi-infomaniak-mailbox/automation').openLocalStack)"],
      { cwd: project, env },
    );
    expect(automation.stdout).toBe("function");

    // A second copy of @pulumi/pulumi, nested under the package: named at once, no hang.
    const nested = join(project, "node_modules/pulumi-infomaniak-mailbox/node_modules/@pulumi/pulumi");
    mkdirSync(join(nested, ".."), { recursive: true });
    cpSync(join(project, "node_modules/@pulumi/pulumi"), nested, { recursive: true });
    expect(statSync(nested).isDirectory()).toBe(true);
    const twice = await run("pulumi", ["preview", "--non-interactive"], {
      cwd: project,
      env,
      timeoutMs: 120_000,
    });
    expect(twice.code).not.toBe(0);
    expect(twice.stdout).toContain("Two copies of @pulumi/pulumi are loaded");
    expect(twice.stdout).toContain(nested);
  }, 900_000);
});
