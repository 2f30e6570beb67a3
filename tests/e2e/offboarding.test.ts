import type { EngineEvent } from "@pulumi/pulumi/automation";
import { Organisation } from "pulumi-infomaniak-mailbox";
import type { MemberSpec, OrganisationSpecInput } from "pulumi-infomaniak-mailbox";
import { buildPermissionReport } from "../../cli/report/permissionReport";
import { readPreviewOutput } from "../../cli/shared/previewSteps";
import type { EngineStack } from "../support/engineStack";
import { simulatorStack } from "../support/engineStack";
import { infomaniakMailbox } from "../support/pulumiCli";
import type { TestSimulator } from "../support/simulator";
import { commandEnv, SEED, startTestSimulator } from "../support/simulator";

const review = { reason: "Support rota", owner: "it@acme.example", reviewAfter: "2027-06-30" };
const PEOPLE: MemberSpec[] = [
  { email: "bruno@acme.example", firstName: "Bruno", lastName: "Keller", role: "admin", adopt: true },
  { email: "chloe@acme.example", firstName: "Chloé", lastName: "Rossi", role: "normal", adopt: true },
  { email: "david@acme.example", firstName: "David", lastName: "Weber", role: "normal", adopt: true },
];

/** Everyone in `members` granted support@; `states` sets some members' state, `without` leaves some out. */
function spec(
  states: Record<string, MemberSpec["state"]> = {},
  without: string[] = [],
): OrganisationSpecInput {
  const members = PEOPLE.filter((m) => !without.includes(m.email)).map((m) => ({
    ...m,
    ...(states[m.email] ? { state: states[m.email] } : {}),
  }));
  return {
    organisation: { name: "acme", accountId: SEED.webmailAccount, mailHostingId: SEED.webmailHosting },
    members,
    mailboxes: [
      { name: "support", grants: members.map((m) => ({ member: m.email, preset: "delegate", ...review })) },
    ],
  };
}

async function preview(engine: EngineStack): Promise<{ changes: string[]; events: EngineEvent[] }> {
  const events: EngineEvent[] = [];
  await engine.stack.preview({ color: "never", onEvent: (e) => events.push(e) });
  const changes = events.flatMap((e) => {
    const m = e.resourcePreEvent?.metadata;
    return m && m.op !== "same" && m.type.includes("dynamic/infomaniak:")
      ? [`${m.op} ${m.urn.split("::").pop() ?? ""}`]
      : [];
  });
  return { changes: changes.sort(), events };
}

jest.setTimeout(300_000);

describe("people who leave, in a spec file", () => {
  let sim: TestSimulator;
  let engine: EngineStack;
  let current = spec();
  beforeAll(async () => {
    sim = await startTestSimulator();
    engine = await simulatorStack(sim, "offboarding", () => {
      new Organisation({ spec: current });
    });
    await engine.stack.up({ color: "never" });
  });
  afterAll(async () => {
    engine.remove();
    await sim.stop();
  });

  const supportHolders = async () =>
    (await sim.admin.state()).accesses
      ?.filter((a) => a.mailboxName === "support")
      .map((a) => a.userId)
      .sort();
  const isMember = async (userId: number) =>
    (await sim.admin.state()).memberships.some(
      (m) => m.accountId === SEED.webmailAccount && m.userId === userId,
    );

  it("state: removed previews the grant's revocation and the member left to the Manager, and up does it", async () => {
    expect(await supportHolders()).toEqual([2, 3, 4]);
    current = spec({ "bruno@acme.example": "removed" });
    const { changes, events } = await preview(engine);
    expect(changes).toEqual([
      "delete acme/member/bruno@acme.example",
      "delete acme/support/grant/bruno@acme.example",
    ]);
    const previewRun = readPreviewOutput(events.map((e) => JSON.stringify(e)).join("\n"), "events");
    const report = buildPermissionReport(previewRun.steps, "2026-11-29");
    expect(report.facts.map((f) => `${f.kind} ${f.who}`)).toEqual(["loses bruno@acme.example"]);
    expect(report.membership.changes).toEqual([
      expect.objectContaining({
        change: "leaves the stack",
        who: "bruno@acme.example",
        note: expect.stringContaining("remove them in the Manager") as unknown,
      }),
    ]);
    await engine.stack.up({ color: "never" });
    expect(await supportHolders()).toEqual([3, 4]);
    expect(await isMember(2)).toBe(true);
    // What the person can still open, across every organisation the token sees: nothing.
    const { code, stdout } = await infomaniakMailbox(
      ["access", "--person", "bruno@acme.example"],
      commandEnv(sim.url),
    );
    expect(code).toBe(0);
    expect(stdout).toContain("bruno@acme.example can open no mailbox in what was read.");
    expect(stdout).toContain("Read: 2 organisation(s)");
  });

  it("an entry deleted from the file previews the same as removed, and up succeeds", async () => {
    current = spec({ "bruno@acme.example": "removed" }, ["david@acme.example"]);
    const { changes } = await preview(engine);
    expect(changes).toEqual([
      "delete acme/member/david@acme.example",
      "delete acme/support/grant/david@acme.example",
    ]);
    await engine.stack.up({ color: "never" });
    expect(await supportHolders()).toEqual([3]);
    expect(await isMember(4)).toBe(true);
  });

  it("state: unmanaged changes nothing at Infomaniak, and deleting the entry afterwards leaves the access as it is", async () => {
    current = spec({ "bruno@acme.example": "removed", "chloe@acme.example": "unmanaged" }, [
      "david@acme.example",
    ]);
    expect((await preview(engine)).changes).toEqual([]);
    await engine.stack.up({ color: "never" });
    current = spec({ "bruno@acme.example": "removed" }, ["david@acme.example", "chloe@acme.example"]);
    expect((await preview(engine)).changes).toEqual([
      "delete acme/member/chloe@acme.example",
      "delete acme/support/grant/chloe@acme.example",
    ]);
    await engine.stack.up({ color: "never" });
    expect(await supportHolders()).toEqual([3]);
  });
});
