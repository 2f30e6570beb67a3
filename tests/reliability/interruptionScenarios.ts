import { Organisation } from "pulumi-infomaniak-mailbox";
import type { OrganisationSpecInput } from "pulumi-infomaniak-mailbox";
import { recoverStack } from "../../cli/recover/recover";
import type { AccessFamily, PermissionPreset } from "../../provider/permissions";
import { emailKey } from "../../provider/people";
import { expandPermissions } from "../../provider/permissions";
import type { StateInput } from "../../simulator";
import { seededRandom } from "../../simulator/seededRandom";
import { simulatorStack } from "../support/engineStack";
import { killEngineAt } from "../support/killEngine";
import { startTestSimulator } from "../support/simulator";

/**
 * The seeded interruption test's world: per access family, one organisation declared by a spec in two
 * stages (A, then B: rights changed, grants and a guest removed and added), and what the simulator must
 * hold once a declaration converged.
 */

export const OPERATIONS = ["cold up", "changing up", "destroy"] as const;
export type Operation = (typeof OPERATIONS)[number];

interface Grant {
  member: string;
  preset: PermissionPreset;
}
interface Guest {
  email: string;
  preset: PermissionPreset;
}
interface MailboxDeclaration {
  name: string;
  grants: Grant[];
  invitations: Guest[];
}

export interface FamilyWorld {
  family: AccessFamily;
  accountId: number;
  mailHostingId: number;
  /** Members already in the organisation (adopted), then one the spec invites into it. */
  members: { email: string; firstName: string; lastName: string; role: "admin" | "normal"; adopt: boolean }[];
  stages: Record<"A" | "B", MailboxDeclaration[]>;
}

const review = { reason: "Interruption test", owner: "it@example.test", reviewAfter: "2027-06-30" };

export const WORLDS: Record<AccessFamily, FamilyWorld> = {
  webmail: {
    family: "webmail",
    accountId: 100,
    mailHostingId: 10,
    members: [
      { email: "bruno@acme.example", firstName: "Bruno", lastName: "Keller", role: "admin", adopt: true },
      { email: "chloe@acme.example", firstName: "Chloé", lastName: "Rossi", role: "normal", adopt: true },
      { email: "david@acme.example", firstName: "David", lastName: "Weber", role: "normal", adopt: true },
      { email: "emma@acme.example", firstName: "Emma", lastName: "Dubois", role: "normal", adopt: false },
    ],
    stages: {
      A: [
        {
          name: "support",
          grants: [
            { member: "bruno@acme.example", preset: "delegate" },
            { member: "chloe@acme.example", preset: "delegate" },
            { member: "david@acme.example", preset: "readOnly" },
          ],
          invitations: [{ email: "guest@outside.example", preset: "readOnly" }],
        },
        {
          name: "sales",
          grants: [
            { member: "bruno@acme.example", preset: "delegate" },
            { member: "emma@acme.example", preset: "readOnly" },
          ],
          invitations: [],
        },
      ],
      B: [
        {
          name: "support",
          grants: [
            { member: "bruno@acme.example", preset: "manager" },
            { member: "david@acme.example", preset: "readOnly" },
          ],
          invitations: [{ email: "guest@outside.example", preset: "delegate" }],
        },
        {
          name: "sales",
          grants: [
            { member: "bruno@acme.example", preset: "delegate" },
            { member: "emma@acme.example", preset: "readOnly" },
          ],
          invitations: [],
        },
        {
          name: "invoices",
          grants: [{ member: "chloe@acme.example", preset: "manager" }],
          invitations: [{ email: "auditor@audit.example", preset: "readOnly" }],
        },
      ],
    },
  },
  legacy: {
    family: "legacy",
    accountId: 200,
    mailHostingId: 20,
    members: [
      { email: "erika@legacy.example", firstName: "Erika", lastName: "Schmid", role: "admin", adopt: true },
      { email: "fabio@legacy.example", firstName: "Fabio", lastName: "Bianchi", role: "normal", adopt: true },
      { email: "greta@legacy.example", firstName: "Greta", lastName: "Huber", role: "normal", adopt: false },
    ],
    stages: {
      A: [
        {
          name: "info",
          grants: [
            { member: "erika@legacy.example", preset: "delegate" },
            { member: "fabio@legacy.example", preset: "readOnly" },
          ],
          invitations: [{ email: "guest@outside.example", preset: "readOnly" }],
        },
        {
          name: "office",
          grants: [
            { member: "fabio@legacy.example", preset: "delegate" },
            { member: "greta@legacy.example", preset: "readOnly" },
          ],
          invitations: [],
        },
      ],
      B: [
        {
          name: "info",
          grants: [{ member: "erika@legacy.example", preset: "manager" }],
          invitations: [{ email: "guest@outside.example", preset: "delegate" }],
        },
        {
          name: "office",
          grants: [
            { member: "fabio@legacy.example", preset: "delegate" },
            { member: "greta@legacy.example", preset: "readOnly" },
          ],
          invitations: [{ email: "auditor@audit.example", preset: "readOnly" }],
        },
      ],
    },
  },
};

/** The spec a stage declares (a destroy declares nothing: the stack is destroyed). */
export function specOf(world: FamilyWorld, stage: "A" | "B"): OrganisationSpecInput {
  return {
    organisation: { name: world.family, accountId: world.accountId, mailHostingId: world.mailHostingId },
    members: world.members,
    mailboxes: world.stages[stage].map((mailbox) => ({
      name: mailbox.name,
      grants: mailbox.grants.map((g) => ({ ...g, ...review })),
      invitations: mailbox.invitations.map((i) => ({ ...i, ...review })),
    })),
  };
}

/** One seed's run: which world, which operation, and at which write the engine is killed. */
export interface SeededRun {
  seed: number;
  family: AccessFamily;
  operation: Operation;
  /** The engine dies after the simulator applied this many writes (any non-GET) of the operation. */
  killAt: number;
}

/**
 * How many writes each operation makes when nothing interrupts it (measured; a kill point is one of
 * them). If the provider's requests change, the test says which count to update.
 */
export const WRITES: Record<AccessFamily, Record<Operation, number>> = {
  webmail: { "cold up": 8, "changing up": 6, destroy: 7 },
  legacy: { "cold up": 10, "changing up": 5, destroy: 6 },
};

/** Seed n of a family: its operation (cycling, so a few seeds cover all three) and its kill point. */
export function seededRun(family: AccessFamily, seed: number): SeededRun {
  const operation = OPERATIONS[seed % OPERATIONS.length] ?? "cold up";
  const killAt =
    1 + Math.floor(seededRandom(seed * 7919 + (family === "legacy" ? 1 : 0))() * WRITES[family][operation]);
  return { seed, family, operation, killAt };
}

type SimState = Required<
  Pick<StateInput, "accesses" | "mailboxInvitations" | "accountInvitations" | "users">
>;

const granted = (permissions: Record<string, boolean>) =>
  Object.entries(permissions)
    .filter(([, on]) => on)
    .map(([name]) => name)
    .sort()
    .join(",");

/**
 * What the simulator holds on the world's mail hosting, in words that compare: each access, live link
 * and organisation invitation with its rights; a link also with its recipient and e-mail count.
 */
export function heldBy(world: FamilyWorld, state: SimState): string[] {
  const email = (userId: number) => state.users.find((u) => u.id === userId)?.email ?? `user ${userId}`;
  const now = Date.now() / 1000;
  const onHosting = <T extends { mailHostingId: number }>(items: readonly T[]) =>
    items.filter((i) => i.mailHostingId === world.mailHostingId);
  return [
    ...onHosting(state.accesses).map(
      (a) => `access ${a.mailboxName} ${email(a.userId)} ${granted(a.permissions)}`,
    ),
    ...onHosting(state.mailboxInvitations)
      .filter((i) => i.status === "pending" && i.expiresAt > now)
      .map(
        (i) =>
          `link ${i.mailboxName} ${i.sentTo || "(no recipient)"} ${granted(i.permissions)} e-mailed ${i.sendCount ?? 0}`,
      ),
    ...state.accountInvitations
      .filter((i) => i.accountId === world.accountId && i.status === "pending")
      .flatMap((i) => [
        `invited ${emailKey(i.email)}`,
        ...(i.mailboxes ?? []).map(
          (m) => `invited ${emailKey(i.email)} to ${m.mailboxName} ${granted(m.permissions)}`,
        ),
      ]),
  ].sort();
}

/** What a converged declaration holds: `seeded` (what was there before, untouched) plus the stage's. */
export function expectedHeld(world: FamilyWorld, stage: "A" | "B" | "none", seeded: string[]): string[] {
  if (stage === "none") return [...seeded].sort();
  const rights = (preset: PermissionPreset) => granted(expandPermissions(world.family, preset, {}));
  const invited = world.members.filter((m) => !m.adopt).map((m) => emailKey(m.email));
  const declared = world.stages[stage].flatMap((mailbox) => [
    ...mailbox.grants.map((g) =>
      invited.includes(emailKey(g.member))
        ? `invited ${emailKey(g.member)} to ${mailbox.name} ${rights(g.preset)}`
        : world.family === "webmail"
          ? `access ${mailbox.name} ${g.member} ${rights(g.preset)}`
          : `link ${mailbox.name} ${g.member} ${rights(g.preset)} e-mailed 1`,
    ),
    ...mailbox.invitations.map((i) => `link ${mailbox.name} ${i.email} ${rights(i.preset)} e-mailed 1`),
  ]);
  return [...seeded, ...invited.map((e) => `invited ${e}`), ...declared].sort();
}

/**
 * One seed: the operation killed at its write, `recover`, the operation again; then the simulator must
 * hold exactly the declaration, a refresh find no change and a preview be all `same`. `backendEnv`
 * puts the stack on another backend; `force` is recover's (a backend whose locks it cannot read).
 * Returns what happened, for the test's log.
 */
export async function convergesAfterRecovery(
  run: SeededRun,
  options: { backendEnv?: Record<string, string>; force?: boolean } = {},
): Promise<string> {
  const world = WORLDS[run.family];
  const sim = await startTestSimulator();
  let spec = specOf(world, "A");
  const engine = await simulatorStack(
    sim,
    `seed-${run.family}-${run.seed}`,
    () => {
      new Organisation({ spec });
    },
    {},
    undefined,
    options.backendEnv,
  );
  try {
    const seeded = heldBy(world, await sim.admin.state());
    if (run.operation !== "cold up") await engine.stack.up({ color: "never" });
    if (run.operation === "changing up") spec = specOf(world, "B");
    const kill = killEngineAt(sim, run.killAt, (method) => method !== "GET");
    const operation = () =>
      run.operation === "destroy"
        ? engine.stack.destroy({ color: "never" })
        : engine.stack.up({ color: "never" });
    const interrupted = await operation().then(
      () => undefined,
      (error: unknown) => String(error),
    );
    if (interrupted === undefined)
      throw new Error(
        `seed ${run.family}:${run.seed}: the ${run.operation} made fewer than ${run.killAt} writes: update WRITES.${run.family}["${run.operation}"] in tests/reliability/interruptionScenarios.ts`,
      );
    expect(kill.killed.length).toBeGreaterThanOrEqual(1);

    const recovery = await recoverStack(engine.stack, { force: options.force === true });
    await operation();
    if (recovery.setting) await engine.stack.removeConfig("infomaniak:recovery");

    const target = run.operation === "destroy" ? "none" : run.operation === "changing up" ? "B" : "A";
    expect(heldBy(world, await sim.admin.state())).toEqual(expectedHeld(world, target, seeded));
    if (run.operation !== "destroy") {
      await engine.stack.refresh({ expectNoChanges: true, color: "never" });
      const preview = await engine.stack.preview({ color: "never" });
      expect(Object.keys(preview.changeSummary)).toEqual(["same"]);
    }
    const repaired = recovery.repaired
      ? `; repaired the cut ${recovery.repaired.lostLastStep ? "checkpoint" : "checkpoint attributes"}`
      : "";
    return `killed after ${kill.request ?? "?"}; recover adopted ${recovery.adopting.length}${repaired}`;
  } finally {
    engine.remove();
    await sim.stop();
  }
}
