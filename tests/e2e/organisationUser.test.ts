import { OrganisationUser } from "pulumi-infomaniak-mailbox";
import type { OrganisationUserArgs } from "pulumi-infomaniak-mailbox";
import type { EngineStack } from "../support/engineStack";
import { simulatorStack } from "../support/engineStack";
import type { TestSimulator } from "../support/simulator";
import { SEED, startTestSimulator } from "../support/simulator";

describe("OrganisationUser through the real engine", () => {
  let sim: TestSimulator;
  let engine: EngineStack;
  let people: (OrganisationUserArgs & { name: string; retain?: boolean })[] = [];

  const stateOf = async (name: string) =>
    (await engine.exportedState()).resources.find((r) => r.urn.endsWith(`::${name}`));
  const invitations = async () => (await sim.admin.state()).accountInvitations;

  beforeAll(async () => {
    sim = await startTestSimulator();
    engine = await simulatorStack(sim, "organisation-user", () => {
      for (const { name, retain, ...args } of people)
        new OrganisationUser(name, args, { retainOnDelete: retain ?? false });
    });
  });
  afterAll(async () => {
    engine.remove();
    await sim.stop();
  });

  it("invites a new person: pending, with the link as a secret", async () => {
    people = [
      {
        name: "emma",
        accountId: SEED.webmailAccount,
        email: "emma@acme.example",
        firstName: "Emma",
        lastName: "Dubois",
        locale: "fr_FR",
      },
      {
        name: "felix",
        accountId: SEED.webmailAccount,
        email: "felix@acme.example",
        firstName: "Felix",
        lastName: "Huber",
        role: "admin",
      },
    ];
    const up = await engine.stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 3 });
    // Created in parallel: compare in a stable order.
    expect((await invitations()).map((i) => [i.email, i.role, i.status]).sort()).toEqual([
      ["emma@acme.example", "normal", "pending"],
      ["felix@acme.example", "admin", "pending"],
    ]);
    const emma = await stateOf("emma");
    expect(emma?.outputs).toMatchObject({
      status: "pending",
      userId: null,
      invitationId: expect.any(Number) as unknown,
    });
    expect(emma?.outputs?.["inviteUrl"]).toEqual(
      expect.objectContaining({ ciphertext: expect.any(String) as unknown }),
    );
    expect((await engine.stack.preview()).changeSummary).toEqual({ same: 3 });
  });

  it("changes the role of a pending invitation in place", async () => {
    people[0] = { ...people[0]!, role: "admin" };
    const preview = await engine.stack.preview({ diff: true });
    expect(preview.changeSummary).toEqual({ same: 2, update: 1 });
    await engine.stack.up();
    expect((await invitations()).find((i) => i.email === "emma@acme.example")?.role).toBe("admin");
  });

  it("tracks acceptance: refresh shows the member, with no diff", async () => {
    const emma = (await invitations()).find((i) => i.email === "emma@acme.example");
    await sim.admin.accountInvitation(emma?.id ?? 0, "accept");
    await engine.stack.refresh();
    expect((await stateOf("emma"))?.outputs).toMatchObject({
      status: "accepted",
      userId: expect.any(Number) as unknown,
    });
    expect((await engine.stack.preview()).changeSummary).toEqual({ same: 3 });
  });

  it("refuses in preview a role change the public API cannot make", async () => {
    people[0] = { ...people[0]!, role: "normal" };
    await expect(engine.stack.preview()).rejects.toThrow(/cannot change an accepted member's role/);
    people[0] = { ...people[0], role: "admin" };
  });

  it("forgets an accepted member whose resource is removed: up succeeds, they stay a member, and it says so", async () => {
    const [emma, felix] = people;
    const emmaId = (await stateOf("emma"))?.outputs?.["userId"];
    people = [felix!];
    // The preview shows the removal; up does what it showed (the API cannot remove a member).
    expect((await engine.stack.preview()).changeSummary).toEqual({ delete: 1, same: 2 });
    let output = "";
    const up = await engine.stack.up({ onOutput: (text) => (output += text) });
    expect(up.summary.resourceChanges).toEqual({ delete: 1, same: 2 });
    expect(output).toMatch(
      /emma@acme\.example is no longer managed by this stack but stays a member of organisation 100[\s\S]*remove them in the Manager/,
    );
    expect((await sim.admin.state()).memberships.some((m) => m.userId === emmaId)).toBe(true);
    // Declared again, they are taken over (adopt), not invited a second time.
    people = [{ ...emma!, adopt: true }, felix!];
    await engine.stack.up();
    // Removed in the Manager since: the stack forgets them, and does not say they stay a member.
    const state = await sim.admin.state();
    await sim.admin.replaceState({
      ...state,
      memberships: state.memberships.filter((m) => m.userId !== emmaId),
    });
    people = [felix!];
    output = "";
    await engine.stack.up({ onOutput: (text) => (output += text) });
    expect(output).toContain(
      "emma@acme.example is no longer managed by this stack, and is no longer a member of organisation 100 (removed outside this stack): nothing is left to do",
    );
    expect(output).not.toContain("stays a member");
  });

  it("cancels a pending invitation when the resource is removed", async () => {
    people = [];
    await engine.stack.up();
    expect((await invitations()).find((i) => i.email === "felix@acme.example")?.status).toBe("cancelled");
  });

  it("adopts an existing member only when asked", async () => {
    people = [
      {
        name: "bruno",
        accountId: SEED.webmailAccount,
        email: "bruno@acme.example",
        firstName: "Bruno",
        lastName: "Keller",
        role: "admin",
      },
    ];
    await expect(engine.stack.preview()).rejects.toThrow(/already a member[\s\S]*adopt: true/);
    people = [{ ...people[0]!, adopt: true }];
    await engine.stack.up();
    expect((await stateOf("bruno"))?.outputs).toMatchObject({ status: "accepted", userId: 2 });
    expect((await engine.stack.preview()).changeSummary).toEqual({ same: 2 });
    people = [{ ...people[0]!, retain: true }];
    await engine.stack.up();
    people = [];
    await engine.stack.up();
  });
});
