import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { Organisation } from "pulumi-infomaniak-mailbox";
import { generateOrganisation } from "../../tools/bench/organisation";
import { exportOrganisation } from "../../cli/export/exportOrganisation";
import type { LeftOut } from "../../cli/export/leftOut";
import { writeExport } from "../../cli/export/writeExport";
import { InfomaniakClient } from "../../provider/api/client";
import { buildPermissionReport } from "../../cli/report/permissionReport";
import { parsePreviewOutput } from "../../cli/shared/previewSteps";
import { nonGetCount, simulatorStack } from "../support/engineStack";
import type { TestSimulator } from "../support/simulator";
import {
  DOT_DOT_MAILBOX,
  HOSTILE_MAILBOX,
  NON_ASCII_RECIPIENT,
  seedWithUnrepresentable,
} from "../support/hostileSeed";
import { seedWithSharing, startTestSimulator, testSettings } from "../support/simulator";
import { makeTempDir } from "../support/tempDir";

const TODAY = "2026-11-28";

/**
 * Export, then bring the export under management: the preview changes nobody's access, the apply
 * writes nothing, and the next preview shows no change at all.
 */
async function roundTrip(
  sim: TestSimulator,
  name: string,
  organisations: { accountId: number; mailHostingId: number; name: string }[],
  token?: string,
) {
  const temp = makeTempDir(`export-${name}`);
  const client = new InfomaniakClient(testSettings(sim.url, token ? { token } : {}));
  const progress: string[] = [];
  const files: string[] = [];
  const skipped: string[] = [];
  const leftOut: LeftOut[] = [];
  for (const org of organisations) {
    const exported = await exportOrganisation(client, {
      ...org,
      today: TODAY,
      progress: (t) => progress.push(t),
    });
    skipped.push(...exported.skipped);
    leftOut.push(...exported.leftOut);
    files.push(writeExport(join(temp.path, org.name), exported.spec, TODAY, { leftOut: exported.leftOut }));
  }
  await client.close();
  const engine = await simulatorStack(
    sim,
    `export-${name}`,
    () => {
      for (const spec of files) new Organisation({ spec });
    },
    token ? { "infomaniak:token": token } : {},
  );
  try {
    await sim.admin.resetRequests();
    const events: EngineEvent[] = [];
    const preview = await engine.stack.preview({ color: "never", onEvent: (e) => events.push(e) });
    const report = buildPermissionReport(
      parsePreviewOutput(events.map((e) => JSON.stringify(e)).join("\n"), "events"),
      TODAY,
    );
    const up = await engine.stack.up({ color: "never" });
    // Adopting costs no write: not even a POST that a 409 refuses.
    const writes = await nonGetCount(sim);
    const second = await engine.stack.preview({ color: "never" });
    const texts = files.map((f) => readFileSync(f, "utf8"));
    return { texts, progress, skipped, leftOut, preview, report, up, writes, second };
  } finally {
    engine.remove();
    temp.remove();
  }
}

describe("export → preview round trip", () => {
  let sim: TestSimulator;
  afterEach(async () => {
    await sim.stop();
  });

  it("on the simulator's seed organisations (both access families), with links, custom rights and a guest", async () => {
    sim = await startTestSimulator();
    const client = new InfomaniakClient(testSettings(sim.url));
    const support = { mailHostingId: 10, mailboxName: "support" };
    await client.mailboxAccesses.grant(
      support,
      { userId: 3, email: "chloe@acme.example", firstName: "Chloé", lastName: "Rossi" },
      { can_manage_rules: true, can_manage_filters: true },
      "fr",
    );
    // A guest who accepted a link, and a link still pending.
    const accepted = await client.mailboxAccesses.createLink(support, { permissions: {} });
    await client.mailboxAccesses.sendLink(support, accepted.key, "guest@outside.example", "fr");
    await sim.admin.mailboxInvitation(accepted.key, "accept", { email: "guest@outside.example" });
    const invoices = { mailHostingId: 10, mailboxName: "invoices" };
    const pending = await client.mailboxAccesses.createLink(invoices, {
      permissions: { can_manage_filters: true },
    });
    await client.mailboxAccesses.sendLink(invoices, pending.key, "auditor@audit.example", "fr");
    // Legacy family: a member's grant is a link bound to their address.
    await client.mailboxAccesses.grant(
      { mailHostingId: 20, mailboxName: "info" },
      { userId: 6, email: "fabio@legacy.example", firstName: "Fabio", lastName: "Bianchi" },
      { can_manage_chat: true },
      "de",
    );
    // Someone invited into the organisation who has not answered yet.
    await client.organisation.invite(100, {
      email: "emma@acme.example",
      first_name: "Emma",
      last_name: "Dubois",
      locale: "de_DE",
      role_type: "admin",
    });
    await client.close();

    const result = await roundTrip(sim, "seed", [
      { accountId: 100, mailHostingId: 10, name: "acme" },
      { accountId: 200, mailHostingId: 20, name: "legacy-gmbh" },
    ]);
    const acme = result.texts[0] ?? "";
    expect(acme).toContain("adopt: true");
    expect(acme).toMatch(
      /member: chloe@acme.example\n\s+permissions:\n\s+can_manage_filters: true\n\s+can_manage_rules: true/,
    );
    expect(acme).toContain("email: guest@outside.example");
    expect(acme).toContain("email: auditor@audit.example");
    expect(acme).toMatch(/email: emma@acme.example\n\s+firstName: Emma\n\s+lastName: Dubois\n\s+role: admin/);
    expect(result.skipped).toEqual([]);
    // acme: 5 members (one invited), grants for alice (sales) and chloe, 2 guests; legacy: 3 members,
    // erika and fabio; 2 components and the stack.
    expect(result.preview.changeSummary).toEqual({ create: 17 });
    expect(result.report.facts).toEqual([]);
    expect(result.report.adoptedUnchanged).toBe(6);
    expect(result.up.summary.result).toBe("succeeded");
    expect(result.writes).toBe(0);
    expect(result.second.changeSummary).toEqual({ same: 17 });
  });

  it("with a mailbox and a link recipient the spec cannot represent: the rest adopted, up writes nothing", async () => {
    sim = await startTestSimulator({ seed: seedWithUnrepresentable() });
    const result = await roundTrip(sim, "left-out", [{ accountId: 100, mailHostingId: 10, name: "acme" }]);
    expect(result.leftOut.map((l) => l.where).sort()).toEqual([
      `mail hosting 10, mailbox ${DOT_DOT_MAILBOX}@acme.example`,
      `mail hosting 10, mailbox support@acme.example, the invitation of ${NON_ASCII_RECIPIENT}`,
      `mail hosting 10, mailbox ${HOSTILE_MAILBOX}@acme.example`,
    ]);
    expect(result.texts[0]).toContain("# Left out: the spec cannot represent these entries");
    expect(result.report.facts).toEqual([]);
    expect(result.up.summary.result).toBe("succeeded");
    expect(result.writes).toBe(0);
    expect(Object.keys(result.second.changeSummary ?? {})).toEqual(["same"]);
    // What was left out is still there, untouched.
    const state = await sim.admin.state();
    expect(state.accesses.filter((a) => a.mailboxName === HOSTILE_MAILBOX)).toHaveLength(1);
    expect(state.mailboxInvitations.filter((i) => i.sentTo === NON_ASCII_RECIPIENT)).toHaveLength(1);
  });

  // About 60 s alone; the engine runs 200 resources, on a machine that may be busy with other suites.
  it("on a generated organisation of 50 mailboxes, showing progress", async () => {
    const org = generateOrganisation({ mailboxes: 50, members: 40, grants: 150, invitations: 10 });
    const seed = seedWithSharing(org, (i) => (i % 7 === 0 ? { can_manage_rules: true } : {}));
    sim = await startTestSimulator({ seed });
    const result = await roundTrip(
      sim,
      "generated",
      [{ accountId: org.accountId, mailHostingId: org.mailHostingId, name: "bench" }],
      org.token,
    );
    const hosting = `Mail hosting ${org.mailHostingId}, mailbox `;
    expect(result.progress.filter((p) => p.startsWith(hosting))).toHaveLength(50);
    expect(result.progress).toContain(`${hosting}50/50: box-0049@bench.example`);
    // 40 members, 150 grants, 10 invitations, the component, the stack.
    expect(result.preview.changeSummary).toEqual({ create: 202 });
    expect(result.report.facts).toEqual([]);
    expect(result.report.adoptedUnchanged).toBe(160);
    expect(result.writes).toBe(0);
    expect(result.second.changeSummary).toEqual({ same: 202 });
  }, 300_000);
});
