import fc from "fast-check";
import type { MailboxAccessArgs } from "pulumi-infomaniak-mailbox";
import { ALL_PERMISSIONS, PRESET_NAMES } from "../../provider/permissions";
import { mailboxAccess } from "../../provider/resources/mailboxAccess";
import { writeCount } from "../support/engineStack";
import type { TestSimulator } from "../support/simulator";
import { configureSimulatorRuntime, SEED, startTestSimulator } from "../support/simulator";

const VALID: MailboxAccessArgs = {
  mailHostingId: SEED.webmailHosting,
  mailbox: "support",
  userEmail: "chloe@acme.example",
};
const MEMBERS = ["alice@acme.example", "bruno@acme.example", "chloe@acme.example", "david@acme.example"];

/** Values a careless or hostile declaration could hold; each breaks exactly one input. */
const HOSTILE_TEXT = fc.oneof(
  fc.constantFrom(
    "../users",
    "support/../../accounts",
    "a?b=1",
    "a#b",
    "..",
    ".",
    " ",
    "sup port",
    "support\u0000",
    "\u0455upport", // Cyrillic dze, looks like "s"
    "support@acme.example@evil.example",
    "%2e%2e%2fusers",
    "support\r\nX-Injected: 1",
    "a".repeat(300),
  ),
  fc.string({ minLength: 1, maxLength: 60 }),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 30 }),
);

interface Case {
  field: string;
  args: MailboxAccessArgs;
}

const CASE: fc.Arbitrary<Case> = fc.oneof(
  HOSTILE_TEXT.filter((m) => !["support", "support@acme.example"].includes(m.trim().toLowerCase())).map(
    (mailbox): Case => ({ field: "mailbox", args: { ...VALID, mailbox } }),
  ),
  HOSTILE_TEXT.filter((e) => !MEMBERS.includes(e.trim().toLowerCase())).map((userEmail): Case => ({
    field: "userEmail",
    args: { ...VALID, userEmail },
  })),
  fc
    .string({ minLength: 1, maxLength: 30 })
    // Object.prototype's names (toString, …) break the Pulumi SDK's own serialization in the
    // program, before any provider runs: outside what a provider can check.
    .filter(
      (name) =>
        !(ALL_PERMISSIONS as readonly string[]).includes(name) && /^[\w-]+$/.test(name) && !(name in {}),
    )
    .map((name): Case => ({
      field: `permissions.${name}`,
      args: { ...VALID, permissions: { [name]: true } },
    })),
  fc
    .string({ minLength: 1, maxLength: 20 })
    .filter((p) => !(PRESET_NAMES as readonly string[]).includes(p))
    .map((preset): Case => ({ field: "preset", args: { ...VALID, preset: preset as never } })),
  fc
    .oneof(
      fc.integer({ min: -1_000, max: 0 }),
      fc.double({ min: 0.1, max: 99.9, noInteger: true }),
      fc.integer({ min: 21, max: 1_000_000 }),
    )
    .map((mailHostingId): Case => ({ field: "mailHostingId", args: { ...VALID, mailHostingId } })),
);

/**
 * 100 generated cases through the provider's own `check` (the preview's validation step) with a real
 * client against the simulator. The engine stops a preview at its first check failure, and 100
 * back-to-back failing inline previews in one process meet Automation API flakes (the aborted run's
 * program racing the next run), so the engine path is covered by tests/e2e/invalidDeclarations.test.ts,
 * which shows the engine naming the resource before these same messages.
 */
describe("100 generated invalid or hostile declarations fail in check, naming the input", () => {
  const cases = fc.sample(CASE, { numRuns: 100, seed: 20261128 });
  let sim: TestSimulator;

  beforeAll(async () => {
    sim = await startTestSimulator();
    configureSimulatorRuntime(sim.url);
  });
  afterAll(() => sim.stop());

  it.each(cases.map((c, i) => ({ i, field: c.field, c })))("case $i: $field", async ({ c }) => {
    const result = await mailboxAccess.check({}, { ...c.args, __provider: "serialized stub" });
    expect(result.failures?.map((f) => f.property)).toContain(c.field);
    expect(result.failures?.every((f) => f.reason.length > 20)).toBe(true);
  });

  it("wrote nothing, and no request reached an unknown route (no raw value in a path)", async () => {
    expect(await writeCount(sim)).toBe(0);
    const { routes } = await sim.admin.requests();
    expect(routes.length).toBeGreaterThan(0);
    expect(routes.filter((r) => r.route === "(unknown)")).toEqual([]);
  });
});
