import { Organisation } from "pulumi-infomaniak-mailbox";
import type { OrganisationSpecInput } from "pulumi-infomaniak-mailbox";
import type { EngineStack } from "../support/engineStack";
import { simulatorStack } from "../support/engineStack";
import type { TestSimulator } from "../support/simulator";
import { SEED, startTestSimulator } from "../support/simulator";

const review = { reason: "Auditor, read only", owner: "it@acme.example", reviewAfter: "2027-06-30" };

/** A mailbox declared completely (authoritative), whose one guest's link is only created, not e-mailed. */
const spec = (accountId: number, mailHostingId: number, mailbox: string): OrganisationSpecInput => ({
  organisation: { name: `org-${accountId}`, accountId, mailHostingId },
  mailboxes: [
    {
      name: mailbox,
      mode: "authoritative",
      invitations: [{ email: "auditor@outside.example", preset: "readOnly", send: false, ...review }],
    },
  ],
});

jest.setTimeout(300_000);

/**
 * An unsent link has no recipient yet: an authoritative mailbox must know it as its own by the link's
 * identity, not by an address, or it cancels its own declaration on every run (and a new link is made
 * on the next), on either access family.
 */
describe("an authoritative mailbox with a link it declared but did not e-mail (send: false)", () => {
  let sim: TestSimulator;
  let engine: EngineStack;

  beforeAll(async () => {
    sim = await startTestSimulator();
    engine = await simulatorStack(sim, "authoritative-unsent", () => {
      new Organisation({ spec: spec(SEED.webmailAccount, SEED.webmailHosting, "support") });
      new Organisation({ spec: spec(SEED.legacyAccount, SEED.legacyHosting, "info") });
    });
  });
  afterAll(async () => {
    engine.remove();
    await sim.stop();
  });

  /** Each family's links on the declared mailbox: status and recipient. */
  const links = async () =>
    (await sim.admin.state()).mailboxInvitations
      .filter(
        (i) =>
          (i.mailHostingId === SEED.webmailHosting && i.mailboxName === "support") ||
          (i.mailHostingId === SEED.legacyHosting && i.mailboxName === "info"),
      )
      .map((i) => `${i.mailHostingId} ${i.status} ${i.sentTo || "(unsent)"}`)
      .sort();
  const writes = async () =>
    (await sim.admin.requests()).routes
      .filter((r) => r.method !== "GET")
      .map((r) => `${r.method} ${r.route} ×${r.count}`);

  it("up creates each link and leaves it pending: the policy cancels nothing", async () => {
    const up = await engine.stack.up({ color: "never" });
    expect(up.summary.result).toBe("succeeded");
    expect(await links()).toEqual(["10 pending (unsent)", "20 pending (unsent)"]);
    const deletes = (await writes()).filter((w) => w.startsWith("DELETE") && w.includes("invitations"));
    expect(deletes).toEqual([]);
  });

  it("up --refresh then changes nothing, and both previews are all same", async () => {
    await sim.admin.resetRequests();
    const before = await links();
    const up = await engine.stack.up({ color: "never", refresh: true });
    expect(up.summary.resourceChanges).toEqual({ same: up.summary.resourceChanges?.["same"] });
    expect(await writes()).toEqual([]);
    expect(await links()).toEqual(before);
    const preview = await engine.stack.preview({ color: "never" });
    expect(Object.keys(preview.changeSummary)).toEqual(["same"]);
    const refreshed = await engine.stack.preview({ color: "never", refresh: true });
    expect(Object.keys(refreshed.changeSummary)).toEqual(["same"]);
    expect(await writes()).toEqual([]);
  });
});

/**
 * While a declared link changes, its outputs (key, who accepted it) are unknown to the preview: the
 * policy must still count as `up` will, not as an update that `up` then does not make.
 */
describe("an authoritative mailbox whose declared link's rights change", () => {
  let sim: TestSimulator;
  let engine: EngineStack;
  let rights: "readOnly" | "delegate" = "readOnly";

  beforeAll(async () => {
    sim = await startTestSimulator();
    engine = await simulatorStack(sim, "authoritative-link-change", () => {
      new Organisation({
        spec: {
          organisation: { name: "acme", accountId: SEED.webmailAccount, mailHostingId: SEED.webmailHosting },
          mailboxes: [
            {
              name: "invoices",
              mode: "authoritative",
              invitations: [{ email: "auditor@outside.example", preset: rights, ...review }],
            },
          ],
        },
      });
    });
    expect((await engine.stack.up({ color: "never" })).summary.result).toBe("succeeded");
  });
  afterAll(async () => {
    engine.remove();
    await sim.stop();
  });

  it("previews one update, the link's; up makes exactly that; the next preview is all same", async () => {
    rights = "delegate";
    const preview = await engine.stack.preview({ color: "never" });
    const { same, ...changes } = preview.changeSummary;
    expect(changes).toEqual({ update: 1 });
    const up = await engine.stack.up({ color: "never" });
    expect(up.summary.resourceChanges).toEqual({ same, update: 1 });
    expect(Object.keys((await engine.stack.preview({ color: "never" })).changeSummary)).toEqual(["same"]);
  });
});
