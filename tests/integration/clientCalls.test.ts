import { InfomaniakClient } from "../../provider/api/client";
import type { TestSimulator } from "../support/simulator";
import { SEED, startTestSimulator, testSettings } from "../support/simulator";

/** Every call the provider makes, once, over HTTP against the simulator, checked in its state. */
describe("client calls", () => {
  let sim: TestSimulator;
  let client: InfomaniakClient;
  beforeAll(async () => {
    sim = await startTestSimulator();
    client = new InfomaniakClient(testSettings(sim.url));
  });
  afterAll(async () => {
    await client.close();
    await sim.stop();
  });

  it("organisation: accounts, users, invitations", async () => {
    expect((await client.organisation.listAccounts()).map((a) => a.id)).toEqual([100, 200]);
    const invited = await client.organisation.invite(SEED.webmailAccount, {
      email: "ida@acme.example",
      first_name: "Ida",
      last_name: "Meier",
      locale: "de_DE",
      role_type: "normal",
    });
    expect(invited).toMatchObject({
      status: "pending",
      role_type: "normal",
      url_accept: expect.stringContaining("https://") as unknown,
    });
    const pending = (await client.organisation.users(SEED.webmailAccount)).find(
      (u) => u.email === "ida@acme.example",
    );
    expect(pending).toMatchObject({ state_in_account: "pending", user_id: null, invitation_id: invited.id });
    expect((await client.organisation.changeRole(SEED.webmailAccount, invited.id, "admin")).role_type).toBe(
      "admin",
    );
    expect((await client.organisation.getInvitation(SEED.webmailAccount, invited.id)).role_type).toBe(
      "admin",
    );
    await client.organisation.cancel(SEED.webmailAccount, invited.id);
    expect((await sim.admin.state()).accountInvitations[0]?.status).toBe("cancelled");
  });

  it("mail hostings, mailboxes and the account of a hosting", async () => {
    expect((await client.mailHostings.list(SEED.legacyAccount)).map((h) => h.id)).toEqual([
      SEED.legacyHosting,
    ]);
    expect((await client.mailHostings.mailboxes(SEED.webmailHosting)).map((m) => m.mailbox)).toContain(
      "support@acme.example",
    );
    expect(
      await client.mailHostings.accountOf(SEED.legacyHosting, () => client.organisation.listAccounts()),
    ).toBe(SEED.legacyAccount);
    expect(
      await client.mailHostings.accountOf(999, () => client.organisation.listAccounts()),
    ).toBeUndefined();
  });

  it.each([
    {
      family: "webmail",
      mailHostingId: SEED.webmailHosting,
      mailboxName: "invoices",
      member: { userId: 4, email: "david@acme.example" },
    },
    {
      family: "legacy",
      mailHostingId: SEED.legacyHosting,
      mailboxName: "info",
      member: { userId: 6, email: "fabio@legacy.example" },
    },
  ])("mailbox accesses on the $family family", async ({ family, mailHostingId, mailboxName, member }) => {
    const box = { mailHostingId, mailboxName };
    const who = { ...member, firstName: "F", lastName: "L" };
    expect(await client.mailboxAccesses.family(mailHostingId, box)).toBe(family);

    const granted = await client.mailboxAccesses.grant(box, who, { can_manage_filters: true }, "en");
    if (!granted.granted) {
      // Legacy: an invitation bound to the member's address, changed while pending, then accepted.
      await client.mailboxAccesses.updateLink(box, granted.invitation.key, {
        can_manage_auto_reply: true,
      });
      await sim.admin.mailboxInvitation(granted.invitation.key, "accept");
    }
    await client.mailboxAccesses.update(box, member.userId, { can_manage_signatures: true });
    const access = (await client.mailboxAccesses.sharing(box)).accesses.find(
      (a) => a.userId === member.userId,
    );
    expect(access?.permissions).toMatchObject({ can_manage_signatures: true, can_manage_filters: false });

    const link = await client.mailboxAccesses.createLink(box, {
      permissions: {},
      firstName: "Out",
      lastName: "Side",
    });
    await client.mailboxAccesses.sendLink(box, link.key, "out@side.example", "it");
    expect((await client.mailboxAccesses.sharing(box)).invitations).toEqual([
      expect.objectContaining({ key: link.key, sentTo: "out@side.example" }),
    ]);
    await client.mailboxAccesses.revokeLink(box, link.key);
    await client.mailboxAccesses.revokeLink(box, link.key); // already gone: still fine
    await client.mailboxAccesses.revoke(box, member.userId);
    await client.mailboxAccesses.revoke(box, member.userId); // already gone: still fine
    expect(await client.mailboxAccesses.sharing(box)).toMatchObject({ accesses: [], invitations: [] });
  });
});
