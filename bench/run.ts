#!/usr/bin/env node
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { EngineEvent, Stack } from "@pulumi/pulumi/automation";
import { EngineProbe, Organisation } from "pulumi-infomaniak-mailbox";
import type { OrganisationSpec } from "pulumi-infomaniak-mailbox";
import { openLocalStack } from "../automation/localStack";
import { exportOrganisation } from "../exporter/exportOrganisation";
import { InfomaniakClient } from "../provider/api/client";
import { resolveSettings } from "../provider/api/settings";
import { buildPermissionReport } from "../report/permissionReport";
import { parsePreviewOutput } from "../report/previewSteps";
import type { RouteCount } from "../simulator";
import { SimulatorAdmin, startSimulator } from "../simulator";
import type { Grant, OrganisationSize } from "./organisation";
import { DEFAULT_SIZE, declareOrganisation, generateOrganisation } from "./organisation";
import { ProviderMemorySampler } from "./providerMemory";

interface Figures {
  operation: string;
  wallMs: number;
  reads: number;
  writes: number;
  status429: number;
  changes: Record<string, number>;
  providerPeakMiB: number | null;
  byRoute: RouteCount[];
}

const PRESETS: Grant["preset"][] = ["readOnly", "delegate", "manager", "full"];

function sizeFrom(values: Partial<Record<keyof OrganisationSize, string>>): OrganisationSize {
  const pick = (key: keyof OrganisationSize) => {
    const raw = values[key];
    if (raw === undefined) return DEFAULT_SIZE[key];
    if (!/^\d+$/.test(raw)) throw new Error(`--${key} must be a whole number`);
    return Number(raw);
  };
  return {
    mailboxes: pick("mailboxes"),
    members: pick("members"),
    grants: pick("grants"),
    invitations: pick("invitations"),
  };
}

function stateFile(stateDir: string, project: string): string {
  return join(stateDir, "backend", ".pulumi", "stacks", project, "bench.json");
}

/** Bytes of state per managed resource, and of the serialized provider per resource. */
function stateFigures(
  stateDir: string,
  project: string,
): { bytesPerResource: number; providerBytes: number } {
  const file = stateFile(stateDir, project);
  const state = JSON.parse(readFileSync(file, "utf8")) as {
    checkpoint: { latest: { resources: { type: string; inputs?: { __provider?: string } }[] } };
  };
  const managed = state.checkpoint.latest.resources.filter((r) => r.inputs?.__provider !== undefined);
  const providerBytes = Math.max(...managed.map((r) => Buffer.byteLength(r.inputs?.__provider ?? "")));
  return { bytesPerResource: Math.round(statSync(file).size / Math.max(1, managed.length)), providerBytes };
}

async function measure(
  operation: string,
  admin: SimulatorAdmin,
  run: () => Promise<Record<string, number>>,
): Promise<Figures> {
  await admin.resetRequests();
  const memory = new ProviderMemorySampler();
  memory.start();
  const started = performance.now();
  const changes = await run();
  const wallMs = Math.round(performance.now() - started);
  const providerPeakMiB = memory.stop();
  const { routes } = await admin.requests();
  const sum = (filter: (r: RouteCount) => boolean) => routes.filter(filter).reduce((n, r) => n + r.count, 0);
  return {
    operation,
    wallMs,
    reads: sum((r) => r.method === "GET"),
    writes: sum((r) => r.method !== "GET"),
    status429: routes.reduce((n, r) => n + (r.statuses["429"] ?? 0), 0),
    changes,
    providerPeakMiB,
    byRoute: routes,
  };
}

function table(rows: Figures[], extra: (f: Figures) => string[] = () => []): string {
  const header = ["operation", "wall s", "reads", "writes", "429s", "provider MiB", "changes"];
  const lines = rows.map((f) => [
    f.operation,
    (f.wallMs / 1000).toFixed(1),
    String(f.reads),
    String(f.writes),
    String(f.status429),
    f.providerPeakMiB === null ? "-" : String(f.providerPeakMiB),
    Object.entries(f.changes)
      .map(([k, v]) => `${k} ${v}`)
      .join(", "),
    ...extra(f),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? "").length)));
  return [header, ...lines].map((l) => l.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  ")).join("\n");
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      mailboxes: { type: "string" },
      members: { type: "string" },
      grants: { type: "string" },
      invitations: { type: "string" },
      mode: { type: "string", default: "both" },
      "latency-ms": { type: "string", default: "30" },
      "rate-per-minute": { type: "string", default: "60" },
      json: { type: "string", default: ".pulumi-local/bench/results.json" },
      state: { type: "string", default: ".pulumi-local/bench/state" },
      "skip-checkpoints": { type: "boolean", default: false },
    },
  });
  const size = sizeFrom(values);
  // The file backend rewrites the whole state after every step (quadratic in resources); at large
  // sizes both stacks may skip the intermediate checkpoints, as PULUMI_SKIP_CHECKPOINTS does.
  const engineEnv: Record<string, string> = values["skip-checkpoints"]
    ? { PULUMI_SKIP_CHECKPOINTS: "true" }
    : {};
  const mode = values.mode ?? "both";
  const latencyMs = Number(values["latency-ms"]);
  const ratePerMinute = Number(values["rate-per-minute"]);
  const org = generateOrganisation(size);
  const lowerBound = 1 + size.mailboxes + Math.ceil(size.members / 100);
  const log = (text: string) => process.stdout.write(text);
  log(
    `Organisation: ${size.mailboxes} mailboxes, ${size.members} members, ${size.grants} grants, ${size.invitations} pending invitations\n` +
      `Read lower bound (mail hostings + mailboxes + pages of users): ${lowerBound}\n` +
      `Engine checkpoints: ${values["skip-checkpoints"] ? "skipped (PULUMI_SKIP_CHECKPOINTS)" : "after every step (the default)"}\n\n`,
  );

  const sim = await startSimulator({ seed: org.seed, rateLimit: { perWindow: 0 } });
  const admin = new SimulatorAdmin(sim.url);
  const stateRoot = resolve(values.state ?? ".pulumi-local/bench/state");
  let grants = org.grants;
  const program = () => {
    declareOrganisation(org, grants);
    return Promise.resolve({});
  };
  const count = grants.length + org.invitations.length;
  let probeLabel = "a";
  const baselineProgram = () => {
    for (let i = 0; i < count; i++) new EngineProbe(`probe-${i}`, { label: i < 10 ? probeLabel : "a" });
    return Promise.resolve({});
  };
  const open = (
    project: string,
    fn: () => Promise<Record<string, unknown>>,
    perMinute: number,
  ): Promise<Stack> =>
    openLocalStack({
      projectName: project,
      stackName: "bench",
      stateDir: join(stateRoot, project),
      program: fn,
      env: engineEnv,
      config: {
        "infomaniak:apiUrl": { value: sim.url },
        "infomaniak:token": { value: org.token, secret: true },
        "infomaniak:requestsPerMinute": { value: String(perMinute) },
      },
    });
  const changeTen = () => {
    grants = grants.map((g, i) =>
      i < 10 ? { ...g, preset: PRESETS[(PRESETS.indexOf(g.preset) + 1) % PRESETS.length] ?? "full" } : g,
    );
  };
  const results: Record<string, unknown> = { size, lowerBound };

  try {
    const stack = await open("bench-provider", program, 1_000_000);
    const baseline = await open("bench-baseline", baselineProgram, 1_000_000);
    const plain: Figures[] = [];
    plain.push(await measure("cold up", admin, async () => (await stack.up()).summary.resourceChanges ?? {}));
    const events: EngineEvent[] = [];
    plain.push(
      await measure(
        "no-change preview",
        admin,
        async () => (await stack.preview({ onEvent: (e) => events.push(e) })).changeSummary,
      ),
    );
    plain.push(
      await measure(
        "no-change refresh",
        admin,
        async () => (await stack.refresh()).summary.resourceChanges ?? {},
      ),
    );
    changeTen();
    plain.push(
      await measure(
        "10-grant change up",
        admin,
        async () => (await stack.up()).summary.resourceChanges ?? {},
      ),
    );
    const state = stateFigures(join(stateRoot, "bench-provider"), "bench-provider");

    // The CLI jobs on the same organisation: export it, and report on the no-change preview.
    const client = new InfomaniakClient(
      // Unlimited like the stacks above: the simulator is too, in this part.
      resolveSettings(
        (key) => ({ apiUrl: sim.url, token: org.token, requestsPerMinute: "1000000" })[key],
        {},
      ),
    );
    let spec: OrganisationSpec | undefined;
    const exported = await measure("export", admin, async () => {
      ({ spec } = await exportOrganisation(client, {
        accountId: org.accountId,
        mailHostingId: org.mailHostingId,
        name: "bench",
        today: new Date().toISOString().slice(0, 10),
      }));
      return {
        grants: spec.mailboxes.reduce((n, m) => n + m.grants.length, 0),
        invitations: spec.mailboxes.reduce((n, m) => n + m.invitations.length, 0),
      };
    });
    await client.close();
    // Bringing the exported organisation under management adopts everything: no write at all.
    const adopting = await open(
      "bench-adopt",
      () => {
        if (spec) new Organisation({ spec });
        return Promise.resolve({});
      },
      1_000_000,
    );
    const adopted = await measure(
      "up of the exported spec",
      admin,
      async () => (await adopting.up()).summary.resourceChanges ?? {},
    );
    const reportStarted = performance.now();
    const report = buildPermissionReport(
      parsePreviewOutput(events.map((e) => JSON.stringify(e)).join("\n"), "events"),
      "2026-01-01",
    );
    const reportMs = Math.round(performance.now() - reportStarted);

    const engine: Figures[] = [];
    engine.push(
      await measure(
        "baseline cold up",
        admin,
        async () => (await baseline.up()).summary.resourceChanges ?? {},
      ),
    );
    engine.push(
      await measure("baseline preview", admin, async () => (await baseline.preview()).changeSummary),
    );
    engine.push(
      await measure(
        "baseline refresh",
        admin,
        async () => (await baseline.refresh()).summary.resourceChanges ?? {},
      ),
    );
    probeLabel = "b";
    engine.push(
      await measure(
        "baseline 10-change up",
        admin,
        async () => (await baseline.up()).summary.resourceChanges ?? {},
      ),
    );

    log(`${table([...plain, exported, adopted, ...engine])}\n\n`);
    const ratio = (i: number) => ((plain[i]?.wallMs ?? 0) / Math.max(1, engine[i]?.wallMs ?? 1)).toFixed(2);
    log(
      `State: ${state.bytesPerResource} bytes per resource; serialized provider ${state.providerBytes} bytes per resource (at most)\n` +
        `Overhead against the engine baseline (wall time ratio): cold up ${ratio(0)}, preview ${ratio(1)}, refresh ${ratio(2)}, 10-change up ${ratio(3)}\n` +
        `No-change preview reads ${plain[1]?.reads} (bound ${lowerBound + 5}), refresh reads ${plain[2]?.reads} (bound ${lowerBound}), 10-grant change writes ${plain[3]?.writes}\n` +
        `Export reads ${exported.reads} (bound ${lowerBound + Math.ceil(size.mailboxes / 100)}: the mail hostings, the pages of users and of mailboxes, one listing per mailbox); ` +
        `permission report over the no-change preview's ${events.length} events: ${reportMs} ms (${report.facts.length} facts)\n` +
        `Up of the exported spec (${exported.changes["grants"] ?? 0} grants, ${exported.changes["invitations"] ?? 0} invitations, all adopted): ${adopted.writes} non-GET requests, ${adopted.reads} reads\n\n`,
    );
    Object.assign(results, {
      plain,
      engine,
      state,
      export: exported,
      adoptExported: adopted,
      report: { events: events.length, reportMs },
    });

    if (mode === "both" || mode === "rate-limited") {
      await admin.setRateLimit(ratePerMinute, 60_000);
      await admin.setFaults({ latencyMs });
      const limited = await open("bench-provider", program, ratePerMinute);
      const rows: Figures[] = [];
      rows.push(
        await measure(
          "no-change preview (limited)",
          admin,
          async () => (await limited.preview()).changeSummary,
        ),
      );
      rows.push(
        await measure(
          "no-change refresh (limited)",
          admin,
          // A refresh configures the provider with the settings recorded at the last `up` (here the
          // unlimited ones) unless it runs the program: as users are told to after a settings change.
          async () => (await limited.refresh({ runProgram: true })).summary.resourceChanges ?? {},
        ),
      );
      changeTen();
      rows.push(
        await measure(
          "10-grant change up (limited)",
          admin,
          async () => (await limited.up()).summary.resourceChanges ?? {},
        ),
      );
      const bound = (f: Figures) => ((f.reads + f.writes) / ratePerMinute) * 60_000;
      log(
        `With ${ratePerMinute} requests a minute and ${latencyMs} ms a request:\n` +
          `${table(rows, (f) => [`lower bound ${(bound(f) / 1000).toFixed(1)} s`, `ratio ${(f.wallMs / Math.max(1, bound(f))).toFixed(2)}`])}\n\n`,
      );
      Object.assign(results, { rateLimited: { ratePerMinute, latencyMs, rows } });
    }
  } finally {
    await sim.stop();
  }
  const jsonPath = resolve(values.json ?? ".pulumi-local/bench/results.json");
  mkdirSync(dirname(jsonPath), { recursive: true });
  writeFileSync(jsonPath, JSON.stringify(results, null, 2));
  log(`Figures written to ${jsonPath}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
