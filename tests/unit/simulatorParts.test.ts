import { ApiFailure } from "../../simulator/apiFailure";
import { Faults } from "../../simulator/faults";
import type { StateInput } from "../../simulator/model";
import { State } from "../../simulator/model";
import { productsOf } from "../../simulator/products";
import { TokenRateLimit } from "../../simulator/rateLimit";
import * as show from "../../simulator/representations";
import { paginateWhenAsked } from "../../simulator/requestParsing";
import { Router } from "../../simulator/router";

describe("simulator router", () => {
  const route = (method: "GET" | "POST", template: string) => ({
    method,
    template,
    scope: "mail" as const,
    write: false,
    handle: () => ({ data: template }),
  });
  const router = new Router([
    route("GET", "/1/mail_hostings/{mail_hosting_id}/mailboxes"),
    route("GET", "/1/mail_hostings/accesses/webmail"),
    route("GET", "/1/mail_hostings/{mail_hosting_id}/mailboxes/{mailbox_name}"),
  ]);

  it("prefers literal segments and decodes parameters", () => {
    expect(router.match("GET", "/1/mail_hostings/accesses/webmail")).toMatchObject({
      route: { template: "/1/mail_hostings/accesses/webmail" },
    });
    expect(router.match("GET", "/1/mail_hostings/10/mailboxes/a%2Fb")).toMatchObject({
      params: { mail_hosting_id: "10", mailbox_name: "a/b" },
    });
  });

  it("reads a dot as it is or encoded (SPEC_CHOICES.pathSegments)", () => {
    for (const path of [
      "/1/mail_hostings/10/mailboxes/first.last",
      "/1/mail_hostings/10/mailboxes/first%2Elast",
    ]) {
      expect(router.match("GET", path)).toMatchObject({ params: { mailbox_name: "first.last" } });
    }
  });

  it("tells a known path with another method from an unknown path", () => {
    expect(router.match("POST", "/1/mail_hostings/10/mailboxes")).toEqual({ pathKnown: true });
    expect(router.match("GET", "/nothing")).toEqual({ pathKnown: false });
  });
});

describe("simulator faults", () => {
  it("fires a burst exactly `count` times, on the matching route only", () => {
    const faults = new Faults();
    faults.set({ rules: [{ kind: "error", route: "/a", count: 2 }] });
    const picks = ["/a", "/b", "/a", "/a"].map((route) => faults.pick("GET", route)?.kind);
    expect(picks).toEqual(["error", undefined, "error", undefined]);
  });

  it("draws rates from a seed, so a run replays", () => {
    const draw = () => {
      const faults = new Faults();
      faults.set({ seed: 7, rules: [{ kind: "reset", rate: 0.3 }] });
      return Array.from({ length: 200 }, () => faults.pick("GET", "/x") !== undefined);
    };
    const first = draw();
    expect(draw()).toEqual(first);
    const hits = first.filter(Boolean).length;
    expect(hits).toBeGreaterThan(30);
    expect(hits).toBeLessThan(90);
  });
});

describe("simulator rate limit", () => {
  it("admits `perWindow` requests per token per window, then asks to wait", () => {
    const limit = new TokenRateLimit(2, 1000);
    expect(limit.admit("a", 0)).toEqual({ ok: true });
    expect(limit.admit("a", 100)).toEqual({ ok: true });
    expect(limit.admit("b", 100)).toEqual({ ok: true });
    expect(limit.admit("a", 200)).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(limit.admit("a", 1001)).toEqual({ ok: true });
  });
});

/** A small valid state: one account, one mail hosting, one mailbox. */
const BASE: StateInput = {
  tokens: [],
  users: [],
  accounts: [
    { id: 100, name: "Acme", accessFamily: "webmail" },
    { id: 200, name: "Other", accessFamily: "legacy" },
  ],
  memberships: [],
  mailHostings: [
    { id: 10, accountId: 100, customerName: "acme", domain: "acme.example" },
    { id: 20, accountId: 200, customerName: "other", domain: "other.example" },
  ],
  mailboxes: [{ mailHostingId: 10, name: "support" }],
};

describe("simulator state", () => {
  it("defaults every apiBehaviour switch to what the live API was seen to do", () => {
    expect(State.parse(BASE).apiBehaviour).toEqual({
      usersPaginated: false,
      legacyListingOmits: [],
      sendIntervalSeconds: 60,
    });
    expect(State.parse({ ...BASE, apiBehaviour: { usersPaginated: true } }).apiBehaviour).toMatchObject({
      usersPaginated: true,
      sendIntervalSeconds: 60,
    });
  });

  it("refuses a team access to a mailbox of another account, or of an unknown team", () => {
    const teamAccess = (mailHostingId: number, teamId = 70) => ({
      id: 71,
      teamId,
      mailHostingId,
      mailboxName: "support",
      permissions: {},
      createdAt: 0,
    });
    const withTeam = (access: ReturnType<typeof teamAccess>) => ({
      ...BASE,
      teams: [{ id: 70, accountId: 100, name: "Team", userIds: [] }],
      teamAccesses: [access],
    });
    expect(State.safeParse(withTeam(teamAccess(10))).success).toBe(true);
    for (const [access, message] of [
      [teamAccess(20), "team 70 is in account 100, mail hosting 20 in account 200"],
      [teamAccess(10, 99), "no team 99"],
      [teamAccess(30), "no mail hosting 30"],
    ] as const) {
      const result = State.safeParse(withTeam(access));
      expect(result.error?.issues).toEqual([expect.objectContaining({ path: ["teamAccesses", 0], message })]);
    }
  });

  it("keeps mail hosting ids below the domain products' ids", () => {
    const big = { id: 900_000, accountId: 100, customerName: "big", domain: "big.example" };
    expect(State.safeParse({ ...BASE, mailHostings: [big] }).success).toBe(false);
  });
});

describe("simulator representations", () => {
  const state = State.parse(BASE);
  const [acme, other] = state.mailHostings as [State["mailHostings"][number], State["mailHostings"][number]];

  it("lists each mail hosting as a product, with its domain under an id of no mail hosting", () => {
    const products = productsOf([acme, other]);
    expect(products.map((p) => [p.id, p.account_id, p.service_name, p.customer_name])).toEqual([
      [10, 100, "email_hosting", "acme"],
      [900_010, 100, "domain", "acme.example"],
      [20, 200, "email_hosting", "other"],
      [900_020, 200, "domain", "other.example"],
    ]);
    expect(new Set(products.map((p) => p.unique_id)).size).toBe(4);
  });

  it("pages only when `page` is given", () => {
    expect(paginateWhenAsked([1, 2, 3], new URLSearchParams("per_page=1"))).toEqual({ data: [1, 2, 3] });
    expect(paginateWhenAsked([1, 2, 3], new URLSearchParams("page=2&per_page=1"))).toEqual({
      data: [2],
      extra: { total: 3, page: 2, pages: 3, items_per_page: 1 },
    });
  });

  it("gives an organisation invitation a stable numeric link in its own language", () => {
    const invitation = {
      id: 42,
      accountId: 100,
      email: "a@b.example",
      firstName: "A",
      lastName: "B",
      locale: "de_DE" as const,
      role: "normal" as const,
      status: "pending" as const,
      createdAt: 0,
      updatedAt: 0,
      expiresAt: 1,
      userId: null,
      mailboxes: [],
    };
    const url = show.accountInvitation(invitation)["url_accept"] as string;
    expect(url).toMatch(/^https:\/\/welcome\.infomaniak\.com\/invitation\/account\/[1-9][0-9]{18}\?lang=de$/);
    expect(show.accountInvitation(invitation)["url_accept"]).toBe(url);
    expect(show.accountInvitation({ ...invitation, id: 43 })["url_accept"]).not.toBe(url);
  });

  it("shows a restricted login identifier as not shareable, at the top level and in access_rights", () => {
    const restricted = show.mailbox(
      acme,
      { mailHostingId: 10, name: "boss", createdAt: 0, restrictedLoginIdentifier: true },
      state,
    );
    expect(restricted).toMatchObject({
      is_used_for_account: "login",
      can_create_webmail_access: false,
      access_rights: { can_create_webmail_access: false, can_list_users: true },
    });
    expect(restricted).not.toHaveProperty("can_create_webmail_access_for_login");
  });

  it("leaves a legacy user's permissions out when asked", () => {
    const access = {
      id: 1,
      mailHostingId: 20,
      mailboxName: "office",
      userId: 5,
      permissions: {},
      createdAt: 0,
    };
    const user = { id: 5, email: "e@other.example", firstName: "E", lastName: "S" };
    expect(show.legacyMailboxUser(access, user, true)).toHaveProperty("permissions");
    expect(show.legacyMailboxUser(access, user, false)).not.toHaveProperty("permissions");
  });
});

describe("simulator errors", () => {
  it("puts the context in the envelope only when there is one", () => {
    const scopes = new ApiFailure(403, "all_scopes", "d", { context: { scopes: ["mail"] } });
    expect(scopes.body()).toEqual({
      result: "error",
      error: { code: "all_scopes", description: "d", context: { scopes: ["mail"] } },
    });
    expect(new ApiFailure(404, "object_not_found", "d").body()).toEqual({
      result: "error",
      error: { code: "object_not_found", description: "d" },
    });
  });
});
