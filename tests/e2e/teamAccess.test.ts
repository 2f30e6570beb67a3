import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { Organisation } from "pulumi-infomaniak-mailbox";
import type { OrganisationSpecInput } from "pulumi-infomaniak-mailbox";
import { runReport } from "../../cli/report/command";
import type { EngineStack } from "../support/engineStack";
import { simulatorStack } from "../support/engineStack";
import type { TestSimulator } from "../support/simulator";
import { SEED, startTestSimulator, withTeamAccess } from "../support/simulator";
import { makeTempDir } from "../support/tempDir";

const review = { reason: "Sales desk", owner: "it@acme.example", reviewAfter: "2027-06-30" };

/** Alice (adopted) and Bruno on sales, declared completely: authoritative. */
const spec: OrganisationSpecInput = {
  organisation: { name: "acme", accountId: SEED.webmailAccount, mailHostingId: SEED.webmailHosting },
  members: [
    { email: "alice@acme.example", firstName: "Alice", lastName: "Martin", role: "owner", adopt: true },
    { email: "bruno@acme.example", firstName: "Bruno", lastName: "Keller", role: "admin", adopt: true },
  ],
  mailboxes: [
    {
      name: "sales",
      mode: "authoritative",
      grants: [
        { member: "alice@acme.example", preset: "delegate", adopt: true, ...review },
        { member: "bruno@acme.example", preset: "readOnly", ...review },
      ],
      invitations: [],
    },
  ],
};

/**
 * A mailbox that a team also has access to (Infomaniak lists team accesses beside people's): every
 * engine operation succeeds, the report shows the team, and an authoritative policy leaves it alone.
 */
describe("a mailbox shared with a team", () => {
  let sim: TestSimulator;
  let engine: EngineStack;
  const temp = makeTempDir("team-access");

  const report = (events: EngineEvent[]) => {
    const file = join(temp.path, "events.jsonl");
    writeFileSync(file, events.map((e) => JSON.stringify(e)).join("\n"));
    let out = "";
    runReport(["--preview", file, "--today", "2026-11-28"], {
      write: (t) => (out += t),
      warn: () => undefined,
      readStdin: () => "",
    });
    return out;
  };
  const teamAccesses = async () => (await sim.admin.state()).teamAccesses;

  beforeAll(async () => {
    sim = await startTestSimulator();
    await sim.admin.replaceState(withTeamAccess(await sim.admin.state(), "sales", "Sales team"));
    engine = await simulatorStack(sim, "team-access", () => {
      new Organisation({ spec });
    });
  });
  afterAll(async () => {
    engine.remove();
    temp.remove();
    await sim.stop();
  });

  it("preview: the report lists the team, kept in every mode", async () => {
    const events: EngineEvent[] = [];
    await engine.stack.preview({ color: "never", onEvent: (e) => events.push(e) });
    const markdown = report(events);
    expect(markdown).toContain("team 7 (Sales team)");
    expect(markdown).toContain("a team, shown and left as it is in every mode");
    expect(markdown).toContain("bruno@acme.example");
  });

  it("up: grants applied, the team left as it is, and the engine says so", async () => {
    const up = await engine.stack.up({ color: "never" });
    // The provider's warning reaches the engine's diagnostics.
    expect(up.stdout).toContain(
      "sales@acme.example: team 7 (Sales team) also has access; this provider does not manage it, so it is left as it is",
    );
    expect(await teamAccesses()).toHaveLength(1);
    const accesses = (await sim.admin.state()).accesses.filter((a) => a.mailboxName === "sales");
    expect(accesses.map((a) => a.userId).sort()).toEqual([1, 2]);
  });

  it("refresh and the next preview: no change, the team still listed and still there", async () => {
    const refreshed = await engine.stack.refresh({ color: "never" });
    expect(refreshed.summary.resourceChanges).not.toHaveProperty("update");
    const events: EngineEvent[] = [];
    const preview = await engine.stack.preview({ color: "never", onEvent: (e) => events.push(e) });
    expect(Object.keys(preview.changeSummary)).toEqual(["same"]);
    expect(report(events)).toContain("team 7 (Sales team)");
    expect(await teamAccesses()).toHaveLength(1);
  });
});
