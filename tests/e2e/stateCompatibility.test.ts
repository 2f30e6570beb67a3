import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Deployment } from "@pulumi/pulumi/automation";
import type { StateInput } from "../../simulator";
import type { EngineStack } from "../support/engineStack";
import { simulatorStack, writeCount } from "../support/engineStack";
import type { TestSimulator } from "../support/simulator";
import { startTestSimulator } from "../support/simulator";
import { FIXTURE_STACK, fixtureProgram } from "./stateCompatibility/program";

const FIXTURES = join(__dirname, "stateCompatibility");
/** Every version's fixture (`v<version>/`, made by makeFixture.ts with that version). */
const VERSIONS = readdirSync(FIXTURES).filter((name) => /^v\d/.test(name));

/**
 * Users' stacks must not notice a new version: a stack written by an earlier one (both access
 * families, every resource kind, pending and accepted invitations) previews with no change and
 * refreshes cleanly against the Infomaniak state it was written with.
 */
describe.each(VERSIONS)("a stack written by %s, under this version", (version) => {
  const dir = join(FIXTURES, version);
  let sim: TestSimulator;
  let engine: EngineStack;

  beforeAll(async () => {
    sim = await startTestSimulator();
    // The simulator checks it as it does any state it is given.
    await sim.admin.replaceState(JSON.parse(readFileSync(join(dir, "simulator.json"), "utf8")) as StateInput);
    engine = await simulatorStack(sim, FIXTURE_STACK, () => fixtureProgram(dir));
    // The provider's stored config names the simulator the fixture was made with: this run's instead.
    const stored = readFileSync(join(dir, "stack.json"), "utf8").replace(
      /http:\/\/127\.0\.0\.1:\d+/g,
      sim.url,
    );
    await engine.stack.importStack(JSON.parse(stored) as Deployment);
    await sim.admin.resetRequests();
  });
  afterAll(async () => {
    engine.remove();
    await sim.stop();
  });

  it("holds every resource kind, in both families, with pending and accepted invitations", async () => {
    const { resources } = await engine.exportedState();
    const kinds = (type: string) =>
      resources
        .filter((r) => r.type === `pulumi-nodejs:dynamic/infomaniak:${type}`)
        .map(
          (r) =>
            `${String(r.outputs?.["family"] ?? r.outputs?.["accountId"])} ${String(r.outputs?.["status"])}`,
        )
        .sort();
    expect(new Set(kinds("MailboxAccess"))).toEqual(
      new Set(["webmail active", "webmail invited", "legacy active", "legacy pending"]),
    );
    expect(new Set(kinds("OrganisationUser"))).toEqual(
      new Set(["100 accepted", "100 pending", "200 accepted"]),
    );
    expect(new Set(kinds("ExternalInvitation"))).toEqual(
      new Set(["webmail accepted", "webmail pending", "legacy accepted", "legacy pending"]),
    );
    expect(kinds("MailboxPolicy")).toHaveLength(2);
  });

  it("previews with no change", async () => {
    const preview = await engine.stack.preview({ color: "never" });
    expect(preview.changeSummary).toEqual({ same: 27 });
  });

  it("refreshes cleanly, then previews with no change, having written nothing at Infomaniak", async () => {
    const refresh = await engine.stack.refresh({ color: "never" });
    expect(refresh.summary.resourceChanges).toEqual({ same: 27 });
    const preview = await engine.stack.preview({ color: "never" });
    expect(preview.changeSummary).toEqual({ same: 27 });
    expect(await writeCount(sim)).toBe(0);
  });
});
