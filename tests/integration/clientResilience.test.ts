import { InfomaniakClient } from "../../provider/api/client";
import type { StateInput } from "../../simulator";
import { loadSeed, QUICKSTART_SEED } from "../../simulator";
import type { TestSimulator } from "../support/simulator";
import { SEED, startTestSimulator, testSettings } from "../support/simulator";

const WEBMAIL_LIST = "/1/mail_hostings/{service_mail}/mailboxes/{mailbox_name}/accesses/webmail";
const support = { mailHostingId: SEED.webmailHosting, mailboxName: "support" };
const member = { userId: 3, email: "chloe@acme.example", firstName: "Chloé", lastName: "Rossi" };

async function countOf(sim: TestSimulator, method: string, route: string): Promise<number> {
  const { routes } = await sim.admin.requests();
  return routes.find((r) => r.method === method && r.route === route)?.count ?? 0;
}

/** The quick start seed plus `extra` members of the webmail account, their list paged (a seed switch). */
function seedWithMembers(extra: number): StateInput {
  const seed = { ...loadSeed(QUICKSTART_SEED), apiBehaviour: { usersPaginated: true } };
  for (let i = 0; i < extra; i++) {
    const id = 10_000 + i;
    seed.users.push({ id, email: `member${i}@acme.example`, firstName: "Member", lastName: String(i) });
    seed.memberships.push({ accountId: SEED.webmailAccount, userId: id, role: "normal" });
  }
  return seed;
}

describe("client resilience, over HTTP against the simulator", () => {
  let sim: TestSimulator;
  beforeAll(async () => {
    sim = await startTestSimulator();
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.admin.reset());

  it("follows pages where the answer is paged: 350 members over 4 pages", async () => {
    await sim.admin.replaceState(seedWithMembers(346));
    const client = new InfomaniakClient(testSettings(sim.url));
    const users = await client.organisation.users(SEED.webmailAccount);
    expect(users).toHaveLength(350);
    expect(new Set(users.map((u) => u.user_id)).size).toBe(350);
    expect(await countOf(sim, "GET", "/2/accounts/{account}/users")).toBe(4);
  });

  it("retries reads through 5xx bursts and connection resets", async () => {
    await sim.admin.setFaults({
      rules: [
        { kind: "error", route: WEBMAIL_LIST, method: "GET", count: 2, status: 502 },
        { kind: "reset", route: WEBMAIL_LIST, method: "GET", count: 1 },
      ],
    });
    const client = new InfomaniakClient(testSettings(sim.url));
    const sharing = await client.mailboxAccesses.sharing({
      mailHostingId: SEED.webmailHosting,
      mailboxName: "sales",
    });
    expect(sharing.accesses.map((a) => a.userId)).toEqual([1]);
    expect(await countOf(sim, "GET", WEBMAIL_LIST)).toBe(4);
  });

  it("a grant whose answer is lost is not repeated: it is found in place", async () => {
    await sim.admin.setFaults({
      rules: [{ kind: "lostResponse", route: WEBMAIL_LIST, method: "POST", count: 1 }],
    });
    const client = new InfomaniakClient(testSettings(sim.url));
    await expect(
      client.mailboxAccesses.grant(support, member, { can_manage_rules: true }, "en"),
    ).resolves.toEqual({
      granted: true,
    });
    const state = await sim.admin.state();
    const grants = state.accesses.filter((a) => a.mailboxName === "support" && a.userId === member.userId);
    expect(grants).toHaveLength(1);
    expect(await countOf(sim, "POST", WEBMAIL_LIST)).toBe(1);
  });

  it("a grant that failed with 5xx before taking effect is repeated once", async () => {
    await sim.admin.setFaults({ rules: [{ kind: "error", route: WEBMAIL_LIST, method: "POST", count: 1 }] });
    const client = new InfomaniakClient(testSettings(sim.url));
    await client.mailboxAccesses.grant(support, member, {}, "en");
    const state = await sim.admin.state();
    expect(state.accesses.filter((a) => a.mailboxName === "support")).toHaveLength(1);
    expect(await countOf(sim, "POST", WEBMAIL_LIST)).toBe(2);
  });

  it("an invitation link created through resets and lost answers exists exactly once", async () => {
    const route = `${WEBMAIL_LIST}/invitations`;
    await sim.admin.setFaults({
      rules: [
        { kind: "reset", route, method: "POST", count: 1 },
        { kind: "lostResponse", route, method: "POST", count: 1 },
      ],
    });
    const client = new InfomaniakClient(testSettings(sim.url));
    const link = await client.mailboxAccesses.createLink(support, {
      permissions: { can_manage_filters: true },
    });
    const state = await sim.admin.state();
    const links = state.mailboxInvitations.filter((i) => i.mailboxName === "support");
    expect(links.map((i) => i.key)).toEqual([link.key]);
  });

  it("an organisation invitation whose answer is lost is found, not sent twice", async () => {
    await sim.admin.setFaults({
      rules: [{ kind: "lostResponse", route: "/1/accounts/{account}/invitations", method: "POST", count: 1 }],
    });
    const client = new InfomaniakClient(testSettings(sim.url));
    const invitation = await client.organisation.invite(SEED.webmailAccount, {
      email: "new.person@acme.example",
      first_name: "New",
      last_name: "Person",
      locale: "fr_FR",
      role_type: "normal",
    });
    const state = await sim.admin.state();
    expect(state.accountInvitations.map((i) => i.id)).toEqual([invitation.id]);
  });

  it("a send whose answer is lost counts as sent (the repeat meets the one-a-minute limit)", async () => {
    const client = new InfomaniakClient(testSettings(sim.url));
    const link = await client.mailboxAccesses.createLink(support, { permissions: {} });
    await sim.admin.setFaults({
      rules: [
        { kind: "lostResponse", route: `${WEBMAIL_LIST}/invitations/{invitation_webmail}/send`, count: 1 },
      ],
    });
    await client.mailboxAccesses.sendLink(support, link.key, "guest@outside.example", "fr");
    const state = await sim.admin.state();
    expect(state.mailboxInvitations.find((i) => i.key === link.key)?.sentTo).toBe("guest@outside.example");
  });

  it("detects the legacy family from one 501 and remembers it for the hosting", async () => {
    const client = new InfomaniakClient(testSettings(sim.url));
    const office = await client.mailboxAccesses.sharing({
      mailHostingId: SEED.legacyHosting,
      mailboxName: "office",
    });
    const info = await client.mailboxAccesses.sharing({
      mailHostingId: SEED.legacyHosting,
      mailboxName: "info",
    });
    expect(office.family).toBe("legacy");
    expect(office.accesses).toEqual([
      {
        userId: 5,
        email: "erika@legacy.example",
        permissions: expect.objectContaining({ can_manage_filters: true, can_manage_chat: true }) as unknown,
      },
    ]);
    expect(info.accesses).toEqual([]);
    const { routes } = await sim.admin.requests();
    const notImplemented = routes.reduce((sum, r) => sum + (r.statuses["501"] ?? 0), 0);
    expect(notImplemented).toBe(1);
  });

  it("reads each mailbox once for concurrent readers (single flight) until a write", async () => {
    const client = new InfomaniakClient(testSettings(sim.url));
    await Promise.all(Array.from({ length: 10 }, () => client.mailboxAccesses.sharing(support)));
    expect(await countOf(sim, "GET", WEBMAIL_LIST)).toBe(1);
    await client.mailboxAccesses.grant(support, member, {}, "en");
    const after = await client.mailboxAccesses.sharing(support);
    expect(after.accesses.map((a) => a.userId)).toEqual([member.userId]);
    expect(await countOf(sim, "GET", WEBMAIL_LIST)).toBe(2);
  });

  it("holds the limit: 150 calls at 60 a (shortened) window never meet the server's 429", async () => {
    const windowMs = 500;
    await sim.admin.setRateLimit(60, windowMs);
    const client = new InfomaniakClient(
      testSettings(sim.url, { requestsPerMinute: 60, rateWindowMs: windowMs }),
    );
    const started = Date.now();
    // An uncached call (an invitation that does not exist: 404, never retried), 150 times.
    const calls = Array.from({ length: 150 }, () =>
      client.organisation.getInvitation(SEED.webmailAccount, 4242).catch(() => undefined),
    );
    await Promise.all(calls);
    const elapsed = Date.now() - started;
    const { routes } = await sim.admin.requests();
    const invitation = routes.find((r) => r.route === "/1/accounts/{account}/invitations/{invitation}");
    expect(invitation?.statuses).toEqual({ "404": 150 });
    // 150 requests at 60 a window need at least two full windows after the first burst.
    expect(elapsed).toBeGreaterThanOrEqual(2 * windowMs);
  });
});
