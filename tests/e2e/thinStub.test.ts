import type * as crypto from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { Stack } from "@pulumi/pulumi/automation";
import { EngineProbe } from "pulumi-infomaniak-mailbox";
import type * as providerModule from "pulumi-infomaniak-mailbox/provider";
import { openLocalStack } from "../../sdk/automation/localStack";
import { installPackedPackage } from "../../tools/bench/project";
import { packageInfo } from "../../provider/packageInfo";
import { RESOURCE_KINDS } from "../../provider/resourceKinds";
import { providerStub } from "../../sdk/providerStub";
import { run } from "../support/pulumiCli";
import { STUB_BUDGET_BYTES, stubViolations } from "../support/serializedProvider";
import { makeTempDir } from "../support/tempDir";

const PROBE_TYPE = "pulumi-nodejs:dynamic/infomaniak:EngineProbe";

describe("the serialized provider stub, through the real engine", () => {
  const temp = makeTempDir("thin-stub");
  let stack: Stack;
  let label = "first";

  beforeAll(async () => {
    stack = await openLocalStack({
      projectName: "thin-stub",
      stackName: "test",
      stateDir: temp.path,
      program: () => {
        const probe = new EngineProbe("probe", { label });
        return Promise.resolve({ providerVersion: probe.providerVersion });
      },
    });
  });

  afterAll(() => temp.remove());

  it("creates the resource with the installed provider's code", async () => {
    const up = await stack.up();
    expect(up.summary.result).toBe("succeeded");
    expect(up.summary.resourceChanges).toEqual({ create: 2 });
    expect(up.outputs["providerVersion"]?.value).toBe(packageInfo().version);
  });

  it("previews no change on a second run", async () => {
    const preview = await stack.preview();
    expect(preview.changeSummary).toEqual({ same: 2 });
  });

  it("stores a small stub that loads the implementation by package name", async () => {
    const state = await stack.exportStack();
    const probes = (
      state.deployment as { resources: { type: string; inputs: Record<string, unknown> }[] }
    ).resources.filter((r) => r.type === PROBE_TYPE);
    expect(probes).toHaveLength(1);
    const serialized = probes[0]?.inputs["__provider"];
    expect(typeof serialized).toBe("string");
    expect(stubViolations(serialized as string)).toEqual([]);
  });

  it("updates in place when an input changes", async () => {
    label = "second";
    const up = await stack.up();
    expect(up.summary.resourceChanges).toEqual({ same: 1, update: 1 });
  });

  it("destroys what it created", async () => {
    const destroy = await stack.destroy();
    expect(destroy.summary.resourceChanges).toEqual({ delete: 2 });
    const state = await stack.exportStack();
    const resources = (state.deployment as { resources?: unknown[] }).resources ?? [];
    expect(resources).toHaveLength(0);
  });
});

describe("the stub check", () => {
  it("rejects a provider that serializes its implementation (negative control)", async () => {
    // What the engine would store for a resource whose provider carries its own logic, as dynamic
    // providers usually do (the real implementation cannot even be serialized: zod's bound methods).
    const fat: pulumi.dynamic.ResourceProvider = {
      check: (_olds: { label?: unknown }, news: { label?: unknown }) =>
        Promise.resolve(
          typeof news.label === "string" && news.label.length > 0
            ? { inputs: news }
            : { failures: [{ property: "label", reason: "label must be a non-empty string" }] },
        ),
      diff: (_id, olds: { label: string }, news: { label: string }) =>
        Promise.resolve({ changes: olds.label !== news.label }),
      create: (inputs: { label: string }) => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { randomUUID } = require("node:crypto") as typeof crypto;
        return Promise.resolve({
          id: randomUUID(),
          outs: { label: inputs.label, providerVersion: "inline" },
        });
      },
      read: (id, props: { label: string }) => Promise.resolve({ id, props }),
      update: (_id, _olds, news: { label: string }) =>
        Promise.resolve({ outs: { label: news.label, providerVersion: "inline" } }),
      delete: () => Promise.resolve(),
    };
    const serialized = await pulumi.runtime.serializeFunction(() => fat, { isFactoryFunction: true });
    expect(stubViolations(serialized.text)).toEqual(
      expect.arrayContaining([
        "does not load the implementation from pulumi-infomaniak-mailbox by name",
        'contains implementation code ("randomUUID")',
      ]),
    );
  });

  it("rejects a stub that captures more than its kind (negative control for the size budget)", async () => {
    // A forwarding stub that also captured a large value (say, a permission table or a client's
    // settings): no implementation code, but the state grows with every resource.
    const table = "x".repeat(4096);
    const captured: pulumi.dynamic.ResourceProvider = {
      create: (inputs: unknown) =>
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        (require("pulumi-infomaniak-mailbox/provider") as typeof providerModule)
          .resource("engineProbe")
          .create({ inputs, table }),
    };
    const serialized = await pulumi.runtime.serializeFunction(() => captured, { isFactoryFunction: true });
    expect(stubViolations(serialized.text)).toEqual([
      expect.stringMatching(/^\d+ bytes, over the 3072-byte budget$/),
    ]);
  });
});

describe("one stub object per resource kind", () => {
  it("is reused for every resource of a kind (the engine serializes it once per kind)", () => {
    for (const kind of RESOURCE_KINDS) expect(providerStub(kind)).toBe(providerStub(kind));
    expect(providerStub("mailboxAccess")).not.toBe(providerStub("externalInvitation"));
  });

  it("is stored as a reference to its module when the package is installed from its tarball", async () => {
    const temp = makeTempDir("installed-stub");
    try {
      installPackedPackage(temp.path);
      const project = join(temp.path, "project");
      mkdirSync(project);
      writeFileSync(join(project, "package.json"), JSON.stringify({ name: "project", private: true }));
      // What dynamic.Resource does with the provider object, in a user's project folder.
      const script = [
        `const { providerStub } = require(${JSON.stringify(join(temp.path, "node_modules/pulumi-infomaniak-mailbox/dist/sdk/providerStub.js"))});`,
        `const { serializeFunction } = require("@pulumi/pulumi/runtime/closure/serializeClosure");`,
        `Promise.all(${JSON.stringify(RESOURCE_KINDS)}.map(async (kind) => {`,
        `  const stub = providerStub(kind);`,
        `  const { text } = await serializeFunction(() => stub, { allowSecrets: true });`,
        `  return { kind, reused: stub === providerStub(kind), text };`,
        `})).then((r) => process.stdout.write(JSON.stringify(r)));`,
      ].join("\n");
      const result = await run("node", ["-e", script], { cwd: project });
      // (Its stderr holds Node's warnings about the built-in modules the serializer looks through.)
      expect(`${result.code}`).toBe("0");
      const stubs = JSON.parse(result.stdout) as { kind: string; reused: boolean; text: string }[];
      for (const { kind, reused, text } of stubs) {
        expect(reused).toBe(true);
        expect(text).toContain(`require("pulumi-infomaniak-mailbox/stubs/${kind}")`);
        expect(stubViolations(text)).toEqual([]);
        expect(Buffer.byteLength(text)).toBeLessThanOrEqual(STUB_BUDGET_BYTES.byName);
      }
      console.log(
        `serialized stubs, installed: ${stubs.map((s) => `${s.kind} ${Buffer.byteLength(s.text)} B`).join(", ")}`,
      );
    } finally {
      temp.remove();
    }
  }, 120_000);
});
