import type { EngineEvent } from "@pulumi/pulumi/automation";
import { MailboxAccess, Organisation } from "pulumi-infomaniak-mailbox";
import type { OrganisationSpecInput } from "pulumi-infomaniak-mailbox";
import { buildPermissionReport } from "../../cli/report/permissionReport";
import { readPreviewOutput } from "../../cli/shared/previewSteps";
import { renderMarkdown } from "../../cli/report/renderMarkdown";
import type { EngineStack } from "../support/engineStack";
import { simulatorStack } from "../support/engineStack";
import type { TestSimulator } from "../support/simulator";
import { SEED, startTestSimulator } from "../support/simulator";

const review = { reason: "Holiday cover", owner: "it@acme.example", reviewAfter: "2027-01-31" };

/** Bruno covers support@ until the end of February; Gina, outside, reads it until the end of January. */
function spec(onExpiry?: "revoke" | "report"): OrganisationSpecInput {
  return {
    organisation: { name: "acme", accountId: SEED.webmailAccount, mailHostingId: SEED.webmailHosting },
    ...(onExpiry ? { onExpiry } : {}),
    members: [
      { email: "bruno@acme.example", firstName: "Bruno", lastName: "Keller", role: "admin", adopt: true },
      { email: "chloe@acme.example", firstName: "Chloé", lastName: "Rossi", adopt: true },
    ],
    mailboxes: [
      {
        name: "support",
        grants: [
          { member: "bruno@acme.example", preset: "delegate", ...review, expiresAt: "2027-02-28" },
          { member: "chloe@acme.example", preset: "readOnly", ...review },
        ],
        invitations: [
          {
            email: "gina@numbers.example",
            preset: "readOnly",
            send: false,
            ...review,
            expiresAt: "2027-01-31",
          },
        ],
      },
    ],
  };
}

/** The provider's steps of a preview, as `op name`, sorted; and the events, for the report. */
async function preview(engine: EngineStack): Promise<{ steps: string[]; events: EngineEvent[] }> {
  const events: EngineEvent[] = [];
  await engine.stack.preview({ color: "never", onEvent: (e) => events.push(e) });
  const steps = events.flatMap((e) => {
    const m = e.resourcePreEvent?.metadata;
    return m && m.type.includes("dynamic/infomaniak:") ? [`${m.op} ${m.urn.split("::").pop() ?? ""}`] : [];
  });
  return { steps: steps.sort(), events };
}

function report(events: EngineEvent[], today: string): string {
  const run = readPreviewOutput(events.map((e) => JSON.stringify(e)).join("\n"), "events");
  return renderMarkdown(buildPermissionReport(run.steps, today, run.policy));
}

const setToday = (engine: EngineStack, today: string) =>
  engine.stack.setConfig("infomaniak:today", { value: today });

jest.setTimeout(300_000);

describe("end dates in a spec file, enforced", () => {
  let sim: TestSimulator;
  beforeEach(async () => {
    sim = await startTestSimulator();
  });
  afterEach(() => sim.stop());

  it("after an expiresAt, the preview shows exactly that removal, the report names it, and up revokes it", async () => {
    const engine = await simulatorStack(sim, "end-dates", () => {
      new Organisation({ spec: spec() });
    });
    try {
      await setToday(engine, "2027-01-31");
      await engine.stack.up({ color: "never" });
      expect((await preview(engine)).steps.every((s) => s.startsWith("same "))).toBe(true);

      await setToday(engine, "2027-02-01");
      const { steps, events } = await preview(engine);
      expect(steps.filter((s) => !s.startsWith("same "))).toEqual([
        "delete acme/support/invitation/gina@numbers.example",
      ]);
      expect(report(events, "2027-02-01")).toMatch(
        /\| loses all access \| gina@numbers\.example \| had: read and send only \|.*\| expired on 2027-01-31 \|/,
      );

      await setToday(engine, "2027-03-01");
      const later = await preview(engine);
      expect(later.steps.filter((s) => !s.startsWith("same "))).toEqual([
        "delete acme/support/grant/bruno@acme.example",
        "delete acme/support/invitation/gina@numbers.example",
      ]);
      await engine.stack.up({ color: "never" });
      const state = await sim.admin.state();
      expect(state.accesses?.filter((a) => a.mailboxName === "support").map((a) => a.userId)).toEqual([3]);
      expect(state.mailboxInvitations?.filter((i) => i.status === "pending")).toEqual([]);
    } finally {
      engine.remove();
    }
  });

  it("onExpiry: report only flags; a grant declared directly past its end date warns in every preview", async () => {
    const engine = await simulatorStack(sim, "end-dates-report", () => {
      new Organisation({ spec: spec("report") });
      new MailboxAccess("direct-david", {
        mailHostingId: SEED.webmailHosting,
        mailbox: "invoices",
        userEmail: "david@acme.example",
        preset: "readOnly",
        review: { ...review, expiresAt: "2027-02-15" },
      });
    });
    try {
      await setToday(engine, "2027-01-15");
      await engine.stack.up({ color: "never" });
      await setToday(engine, "2027-03-01");
      const { steps, events } = await preview(engine);
      expect(steps.every((s) => s.startsWith("same "))).toBe(true);
      const warnings = events.flatMap((e) =>
        e.diagnosticEvent?.severity === "warning" ? [e.diagnosticEvent.message] : [],
      );
      expect(warnings.join("\n")).toMatch(/direct-david: review\.expiresAt 2027-02-15 has passed/);
      expect(warnings.join("\n")).toMatch(
        /acme\/support\/grant\/bruno@acme\.example: review\.expiresAt 2027-02-28 has passed/,
      );
      expect(report(events, "2027-03-01")).toMatch(
        /\| bruno@acme\.example \| review-due, end-date-passed \|/,
      );
    } finally {
      engine.remove();
    }
  });
});
