import { ExternalInvitation } from "pulumi-infomaniak-mailbox";
import type { ExternalInvitationArgs } from "pulumi-infomaniak-mailbox";
import type { EngineStack } from "../support/engineStack";
import { simulatorStack } from "../support/engineStack";
import type { TestSimulator } from "../support/simulator";
import { SEED, startTestSimulator } from "../support/simulator";

type Rights = NonNullable<ExternalInvitationArgs["permissions"]>;

const SEND = /\/send$/;
const PATCH_LINK = "/1/mail_hostings/{mail_hosting_id}/mailboxes/{mailbox_name}/invitations/{key}";

/**
 * A pending link whose rights change, always an update: in place where the link's PATCH can say it
 * (the guest is not e-mailed again), by a new link where it cannot (a webmail-only right) or where the
 * API declines.
 */
describe("changing a pending invitation link's rights", () => {
  let sim: TestSimulator;
  let engine: EngineStack;
  let rights: { webmail: Rights; legacy: Rights } = { webmail: {}, legacy: {} };

  beforeAll(async () => {
    sim = await startTestSimulator();
    engine = await simulatorStack(sim, "pending-links", () => {
      new ExternalInvitation("guest-webmail", {
        mailHostingId: SEED.webmailHosting,
        mailbox: "support",
        email: "guest@outside.example",
        permissions: rights.webmail,
      });
      new ExternalInvitation("guest-legacy", {
        mailHostingId: SEED.legacyHosting,
        mailbox: "info",
        email: "guest@outside.example",
        permissions: rights.legacy,
      });
    });
    await engine.stack.up({ color: "never" });
  });
  afterAll(async () => {
    engine.remove();
    await sim.stop();
  });

  const links = async () =>
    (await sim.admin.state()).mailboxInvitations.filter((i) => i.status === "pending");
  const requests = async (method: string, route: RegExp | string) =>
    (await sim.admin.requests()).routes
      .filter(
        (r) => r.method === method && (typeof route === "string" ? r.route === route : route.test(r.route)),
      )
      .reduce((n, r) => n + r.count, 0);

  it("a right the link's PATCH carries: an update in place on both families, no second e-mail", async () => {
    const before = (await links()).map((l) => l.key).sort();
    rights = { webmail: { can_manage_filters: true }, legacy: { can_manage_chat: true } };
    const preview = await engine.stack.preview({ color: "never" });
    expect(preview.changeSummary).toEqual({ same: 1, update: 2 });
    await sim.admin.resetRequests();
    await engine.stack.up({ color: "never" });
    expect(await requests("PATCH", PATCH_LINK)).toBe(2);
    expect(await requests("POST", SEND)).toBe(0);
    expect(await requests("PUT", SEND)).toBe(0);
    const after = await links();
    expect(after.map((l) => l.key).sort()).toEqual(before);
    expect(after.find((l) => l.mailHostingId === SEED.webmailHosting)?.permissions).toMatchObject({
      can_manage_filters: true,
    });
    expect(after.find((l) => l.mailHostingId === SEED.legacyHosting)?.permissions).toMatchObject({
      can_manage_chat: true,
    });
  });

  it("a webmail-only right, which the link's PATCH cannot say: the update sends the guest a new link", async () => {
    const old = (await links()).find((l) => l.mailHostingId === SEED.webmailHosting)?.key;
    rights = { ...rights, webmail: { can_manage_filters: true, can_manage_rules: true } };
    const preview = await engine.stack.preview({ color: "never" });
    expect(preview.changeSummary).toEqual({ same: 2, update: 1 });
    // The engine shows an update: the provider's warning says what it does to the guest's link.
    expect(preview.stdout).toContain(
      "cannot take the new rights in place: at up, the link is cancelled and guest@outside.example is e-mailed a new one",
    );
    await sim.admin.resetRequests();
    await engine.stack.up({ color: "never" });
    expect(await requests("POST", SEND)).toBe(1);
    const webmail = (await links()).filter((l) => l.mailHostingId === SEED.webmailHosting);
    expect(webmail).toHaveLength(1);
    expect(webmail[0]?.key).not.toBe(old);
    expect(webmail[0]?.permissions).toMatchObject({ can_manage_rules: true, can_manage_filters: true });
  });

  it("an API that declines the change in place: the link is replaced, still one per guest", async () => {
    const old = (await links()).find((l) => l.mailHostingId === SEED.webmailHosting)?.key;
    await sim.admin.setFaults({
      rules: [{ kind: "error", route: PATCH_LINK, method: "PATCH", status: 501 }],
    });
    rights = { ...rights, webmail: { can_manage_rules: true } };
    const preview = await engine.stack.preview({ color: "never" });
    expect(preview.changeSummary).toEqual({ same: 2, update: 1 });
    expect(preview.stdout).not.toContain("the link is cancelled");
    const up = await engine.stack.up({ color: "never" });
    expect(up.stdout).toContain(
      "in place (501 unexpected_error): the link is cancelled and guest@outside.example is e-mailed a new one",
    );
    await sim.admin.clearFaults();
    const webmail = (await links()).filter((l) => l.mailHostingId === SEED.webmailHosting);
    expect(webmail).toHaveLength(1);
    expect(webmail[0]?.key).not.toBe(old);
    expect(webmail[0]?.permissions).toMatchObject({ can_manage_rules: true, can_manage_filters: false });
    expect(webmail[0]?.sentTo).toBe("guest@outside.example");
    // The state follows the new link: the next preview changes nothing, a refresh finds it.
    await engine.stack.refresh({ color: "never" });
    expect((await engine.stack.preview({ color: "never" })).changeSummary).toEqual({ same: 3 });
  });
});
