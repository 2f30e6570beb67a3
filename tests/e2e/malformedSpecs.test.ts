import { join, relative } from "node:path";
import { log, RunError } from "@pulumi/pulumi";
import { Organisation } from "pulumi-infomaniak-mailbox";
import type { EngineStack } from "../support/engineStack";
import { simulatorStack, writeCount } from "../support/engineStack";
import type { TestSimulator } from "../support/simulator";
import { startTestSimulator } from "../support/simulator";

const FOLDER = join(__dirname, "../fixtures/malformedSpecs");

/** Each file, and where its error must point: `file:line path: reason`. */
const CASES: [file: string, line: number, path: string, reason: string][] = [
  ["01-bad-indentation.yaml", 12, "", "fix the YAML/JSON syntax there"],
  ["02-duplicate-key.yaml", 12, "", "Map keys must be unique"],
  [
    "03-misspelt-field.yaml",
    11,
    "mailboxes[0].grants[0].premissions",
    'unknown grant field "premissions": use member, preset, permissions',
  ],
  [
    "04-member-not-declared.yaml",
    14,
    "mailboxes[0].grants[1].member",
    "zoe@acme.example is not in members: add them there",
  ],
  [
    "05-look-alike-address.yaml",
    15,
    "mailboxes[0].invitations[0].email",
    "must be a plain ASCII e-mail address",
  ],
  [
    "06-unknown-permission.yaml",
    13,
    "mailboxes[0].grants[0].permissions.can_read_everything",
    'unknown permission "can_read_everything": use one of',
  ],
  [
    "07-impossible-date.yaml",
    13,
    "mailboxes[0].grants[0].reviewAfter",
    "must be a real date written YYYY-MM-DD",
  ],
  [
    "08-missing-reason.yaml",
    10,
    "mailboxes[0].grants[0].reason",
    "reason is required: say why this access is needed",
  ],
  ["09-unknown-mode.yaml", 8, "mailboxes[0].mode", "mode is one of additive, authoritative, report-only"],
  [
    "10-account-as-text.json",
    4,
    "organisation.accountId",
    'accountId must be a number, such as 100 (not "100")',
  ],
  [
    "11-acknowledged-on-additive.yaml",
    9,
    "mailboxes[0].acknowledged",
    '"support" is additive: it lists no undeclared access, so there is nothing to acknowledge',
  ],
];

describe("malformed organisation spec files fail the preview, naming file, path and line", () => {
  let sim: TestSimulator;
  let engine: EngineStack;
  let file = "";

  beforeAll(async () => {
    sim = await startTestSimulator();
    engine = await simulatorStack(sim, "malformed-specs", () => {
      try {
        new Organisation({ spec: file });
      } catch (error) {
        // What the engine does with a RunError that escapes a program: log its message, fail the run.
        // (Escaping an inline program, copies of its rejection reach jest as suite failures.)
        if (!RunError.isInstance(error)) throw error;
        void log.error(error.message);
      }
    });
  });
  afterAll(async () => {
    engine.remove();
    await sim.stop();
  });

  it.each(CASES)("%s", async (name, line, path, reason) => {
    file = relative(process.cwd(), join(FOLDER, name));
    await sim.admin.resetRequests();
    const failure = await engine.stack.preview({ color: "never" }).then(
      () => undefined,
      (error: unknown) => String(error),
    );
    expect(failure).toContain(`${file}:${line}${path ? ` ${path}` : ""}: `);
    expect(failure).toContain(reason);
    expect(await writeCount(sim)).toBe(0);
    const { routes } = await sim.admin.requests();
    expect(routes).toEqual([]);
  });

  it("fails a mail hosting of another organisation first, in the spec's words, before any person", async () => {
    file = relative(process.cwd(), join(__dirname, "../fixtures/specs/hosting-of-another-organisation.yaml"));
    await sim.admin.resetRequests();
    const failure = await engine.stack.preview({ color: "never" }).then(
      () => undefined,
      (error: unknown) => String(error),
    );
    expect(failure).toContain(
      "mail hosting 20 is not in organisation 100: use one of 10 as organisation.mailHostingId in the spec",
    );
    // Not the misleading error of before: the person looked up in the hosting's organisation.
    expect(failure).not.toContain("is not a member of organisation 200");
    expect(await writeCount(sim)).toBe(0);
  });
});
