import { performance } from "node:perf_hooks";
import { InfomaniakClient } from "../../provider/api/client";
import { InfomaniakApiError } from "../../provider/api/errors";
import { packageInfo } from "../../provider/packageInfo";
import type { StateInput } from "../../simulator";
import { startCannedServer, success } from "../support/cannedServer";
import type { TestSimulator } from "../support/simulator";
import { SEED, startTestSimulator, testSettings, withTeamAccess } from "../support/simulator";

/**
 * The client against what the live API was observed to do (SPEC_CHOICES): each reading over real
 * HTTP against the simulator in the matching mode, or a canned server for answers it never gives.
 */
describe("the client reads the live API as observed", () => {
  let sim: TestSimulator;
  let seed: StateInput;
  let client: InfomaniakClient;
  beforeAll(async () => {
    sim = await startTestSimulator();
    seed = await sim.admin.state();
  });
  beforeEach(async () => {
    await sim.admin.replaceState(seed);
    await sim.admin.resetRequests();
    client = new InfomaniakClient(testSettings(sim.url));
  });
  afterEach(() => client.close());
  afterAll(() => sim.stop());

  /** Members 100..(100+n) in account 100, so that a list spans several pages of 15 and of 100. */
  function withManyMembers(n: number, apiBehaviour: Record<string, unknown>): StateInput {
    const users = Array.from({ length: n }, (_, i) => ({
      id: 1000 + i,
      email: `person${i}@acme.example`,
      firstName: "Person",
      lastName: String(i),
    }));
    return {
      ...seed,
      users: [...seed.users, ...users],
      memberships: [
        ...seed.memberships,
        ...users.map((u) => ({ accountId: SEED.webmailAccount, userId: u.id, role: "normal" as const })),
      ],
      apiBehaviour,
    };
  }

  it("1. the users list: the whole array without pagination fields, or every page when paged", async () => {
    await sim.admin.replaceState(withManyMembers(230, {}));
    expect(await client.organisation.users(SEED.webmailAccount)).toHaveLength(234);
    const unpaged = await sim.admin.requests();
    expect(unpaged.routes.find((r) => r.route === "/2/accounts/{account}/users")?.count).toBe(1);

    await sim.admin.replaceState(withManyMembers(230, { usersPaginated: true }));
    await sim.admin.resetRequests();
    const paged = new InfomaniakClient(testSettings(sim.url));
    expect(await paged.organisation.users(SEED.webmailAccount)).toHaveLength(234);
    await paged.close();
    const requests = await sim.admin.requests();
    expect(requests.routes.find((r) => r.route === "/2/accounts/{account}/users")?.count).toBe(3);
  });

  it("2. a team's access is listed, kept apart from people; an item of unknown kind is kept, a malformed known one refused", async () => {
    await sim.admin.replaceState(withTeamAccess(seed, "sales", "Sales team"));
    const sharing = await client.mailboxAccesses.sharing({
      mailHostingId: SEED.webmailHosting,
      mailboxName: "sales",
    });
    expect(sharing.accesses.map((a) => a.email)).toEqual(["alice@acme.example"]);
    expect(sharing.teams).toEqual([
      {
        teamId: 7,
        name: "Sales team",
        permissions: expect.objectContaining({ can_manage_filters: true }) as unknown,
      },
    ]);

    const listing = (items: unknown[]) =>
      success(items, { total: items.length, page: 1, pages: 1, items_per_page: 100 });
    const canned = await startCannedServer({
      "/1/mail_hostings/10/mailboxes/sales/accesses/webmail": listing([
        { group_access: { id: 1, group: { id: 3 } } },
        {
          invitation: {
            key: "k1",
            short_url: "https://welcome.infomaniak.com/iw/x",
            sent_to: "",
            expired_at: 2_000_000_000,
            permissions: {},
          },
        },
      ]),
      "/1/mail_hostings/10/mailboxes/support/accesses/webmail": listing([
        { user_access: { user: { id: "not a number" } } },
      ]),
    });
    const reader = new InfomaniakClient(testSettings(canned.url));
    const kept = await reader.mailboxAccesses.sharing({ mailHostingId: 10, mailboxName: "sales" });
    expect(kept.unknownItems).toEqual([{ keys: ["group_access"] }]);
    expect(kept.invitations.map((i) => i.key)).toEqual(["k1"]);
    await expect(
      reader.mailboxAccesses.freshSharing({ mailHostingId: 10, mailboxName: "support" }),
    ).rejects.toMatchObject({
      code: "invalid_response",
    });
    await reader.close();
    await canned.stop();
  });

  it("3. mail hostings are the account's email_hosting products, never another product or account", async () => {
    const hostings = await client.mailHostings.list(SEED.webmailAccount);
    expect(hostings).toEqual([
      { id: SEED.webmailHosting, accountId: SEED.webmailAccount, customerName: "acme.example" },
    ]);
    const requests = await sim.admin.requests();
    expect(requests.routes.map((r) => r.route)).toEqual(["/1/products"]);

    // An API that ignores the filter: the answer itself decides.
    const canned = await startCannedServer({
      "/1/products": success([
        { id: 10, account_id: 100, service_name: "email_hosting", customer_name: "acme.example" },
        { id: 900010, account_id: 100, service_name: "domain", customer_name: "acme.example" },
        { id: 20, account_id: 200, service_name: "email_hosting", customer_name: null },
      ]),
    });
    const reader = new InfomaniakClient(testSettings(canned.url));
    expect((await reader.mailHostings.list(100)).map((h) => h.id)).toEqual([10]);
    await reader.close();
    await canned.stop();
  });

  it("4. a legacy listing without rights or invitations: rights unknown, invitations read from their own route", async () => {
    const office = { mailHostingId: SEED.legacyHosting, mailboxName: "office" };
    const link = await client.mailboxAccesses.createLink(office, {
      permissions: { can_manage_chat: true },
    });
    await sim.admin.replaceState({
      ...(await sim.admin.state()),
      apiBehaviour: { legacyListingOmits: ["permissions", "invitations"] },
    });
    await sim.admin.resetRequests();
    const sharing = await client.mailboxAccesses.freshSharing(office);
    expect(sharing.accesses).toEqual([
      { userId: 5, email: expect.any(String) as unknown, permissions: null },
    ]);
    expect(sharing.invitations.map((i) => i.key)).toEqual([link.key]);
    const templates = (await sim.admin.requests()).routes.map((r) => r.route).sort();
    expect(templates).toEqual([
      "/1/mail_hostings/{mail_hosting_id}/mailboxes/{mailbox_name}/invitations",
      "/1/mail_hostings/{mail_hosting_id}/mailboxes/{mailbox_name}/users",
    ]);
  });

  it("5. a route's own 429 holds that call only: the shared budget is not paused", async () => {
    const support = { mailHostingId: SEED.webmailHosting, mailboxName: "support" };
    const link = await client.mailboxAccesses.createLink(support, { permissions: {} });
    await client.mailboxAccesses.sendLink(support, link.key, "guest@outside.example", "en");
    const started = performance.now();
    const again = client.mailboxAccesses.sendLink(support, link.key, "other@outside.example", "en");
    await expect(again).rejects.toMatchObject({ status: 429, code: "invitation_sending_rate_limit_reached" });
    // Another call starts at once: the limiter was not paused for Retry-After or a second.
    await client.organisation.listAccounts();
    expect(performance.now() - started).toBeLessThan(900);
    const sends = (await sim.admin.requests()).routes.find((r) => r.route.endsWith("/send"));
    expect(sends?.statuses).toEqual({ "200": 1, "429": 1 });
  });

  it("5b. an idempotent call met by a route's own 429 waits on its own, then goes through", async () => {
    let answered = 0;
    const canned = await startCannedServer((path) => {
      if (path !== "/1/accounts") return undefined;
      answered++;
      const limited = { code: "invitation_sending_rate_limit_reached", description: "wait" };
      return answered === 1
        ? { status: 429, body: JSON.stringify({ result: "error", error: limited }) }
        : success([]);
    });
    const reader = new InfomaniakClient(testSettings(canned.url, { routeLimitWaitMs: 300 }));
    const started = performance.now();
    expect(await reader.organisation.listAccounts()).toEqual([]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(answered).toBe(2);
    await reader.close();
    await canned.stop();
  });

  it("6. a pending link's rights change in place on both families, without a second e-mail", async () => {
    for (const mailbox of [
      { mailHostingId: SEED.webmailHosting, mailboxName: "support" },
      { mailHostingId: SEED.legacyHosting, mailboxName: "info" },
    ]) {
      const link = await client.mailboxAccesses.createLink(mailbox, { permissions: {} });
      await client.mailboxAccesses.sendLink(mailbox, link.key, "guest@outside.example", "en");
      await client.mailboxAccesses.updateLink(mailbox, link.key, { can_manage_filters: true });
      const stored = (await sim.admin.state()).mailboxInvitations.find((i) => i.key === link.key);
      expect(stored?.permissions).toMatchObject({ can_manage_filters: true });
      expect(stored?.status).toBe("pending");
    }
    const sends = (await sim.admin.requests()).routes.filter((r) => /send$/.test(r.route));
    expect(sends.reduce((n, r) => n + r.count, 0)).toBe(2);
    await expect(
      client.mailboxAccesses.updateLink(
        { mailHostingId: SEED.webmailHosting, mailboxName: "support" },
        "no-such-key",
        {},
      ),
    ).rejects.toBeInstanceOf(InfomaniakApiError);
  });

  it("7. a dotted mailbox name travels as other clients send it, and is found", async () => {
    await sim.admin.replaceState({
      ...seed,
      mailboxes: [...seed.mailboxes, { mailHostingId: SEED.webmailHosting, name: "first.last" }],
    });
    const seen: string[] = [];
    const logged = new InfomaniakClient(testSettings(sim.url), (line) => seen.push(line));
    const mailbox = { mailHostingId: SEED.webmailHosting, mailboxName: "first.last" };
    await logged.mailboxAccesses.grant(
      mailbox,
      { userId: 2, email: "bruno@acme.example", firstName: "B", lastName: "K" },
      {},
      "en",
    );
    expect((await logged.mailboxAccesses.freshSharing(mailbox)).accesses.map((a) => a.userId)).toEqual([2]);
    expect(seen.some((line) => line.includes("/mailboxes/first.last/accesses/webmail"))).toBe(true);
    expect(seen.some((line) => line.includes("%2E"))).toBe(false);
    await logged.close();
  });

  it("8. every request names this package and its version", async () => {
    const canned = await startCannedServer({ "/1/accounts": success([]) });
    const reader = new InfomaniakClient(testSettings(canned.url));
    await reader.organisation.listAccounts();
    expect(canned.headers[0]?.["user-agent"]).toBe(
      `pulumi-infomaniak-mailbox/${packageInfo().version} (node ${process.version})`,
    );
    await reader.close();
    await canned.stop();
  });
});
