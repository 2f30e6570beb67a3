import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { request } from "undici";
import type { State } from "../../simulator/model";
import { ACCOUNT_INVITATION_URL_BASE, SHORT_URL_BASE } from "../../simulator/representations";
import { SPEC_CHOICES, UNDECLARED_ERRORS } from "../../simulator/specChoices";
import type { TestSimulator } from "../support/simulator";
import { TOKENS, startTestSimulator } from "../support/simulator";
import { declaredResponse, describeErrors, genericError, productList } from "./openApiSchemas";

interface Exchange {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** The route template as the spec writes it. */
  route: string;
  path: string;
  body?: unknown;
  token?: string | null;
  status: number;
  /** Response headers to check; `undefined` means the header must be absent. */
  headers?: Record<string, unknown>;
}

/** TypeScript sources of the project (not dependencies, not build output). */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (["node_modules", "dist", ".git"].includes(entry.name) || entry.name.startsWith(".")) return [];
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(path) : entry.name.endsWith(".ts") ? [path] : [];
  });
}

const WEBMAIL = "/1/mail_hostings/{service_mail}/mailboxes/{mailbox_name}/accesses/webmail";
const LEGACY = "/1/mail_hostings/{mail_hosting_id}/mailboxes/{mailbox_name}";
const NINE = {
  can_access_logs: true,
  can_change_password: false,
  can_configure_mail_folders: true,
  can_manage_aliases: false,
  can_manage_auto_reply: true,
  can_manage_filters: true,
  can_manage_redirections: false,
  can_manage_security: false,
  can_manage_signatures: true,
};
const WEBMAIL_PERMISSIONS = { can_manage_filters: true, can_restore_emails: true, can_access_logs: false };
const LEGACY_PERMISSIONS = { can_manage_chat: true, can_manage_filters: true };

/**
 * Drives every implemented route through success and error answers, and checks each answer against
 * the response schema the spec subset declares for that route and status (SPEC_CHOICES corrections
 * applied). Statuses the spec does not declare must use the generic error envelope with a code listed
 * in UNDECLARED_ERRORS.
 */
describe("simulator answers match the OpenAPI subset", () => {
  let sim: TestSimulator;
  const seen = new Set<string>();

  beforeAll(async () => {
    sim = await startTestSimulator();
  });
  afterAll(() => sim.stop());

  async function exchange(e: Exchange): Promise<Record<string, unknown>> {
    const token = e.token === undefined ? TOKENS.full : e.token;
    const response = await request(`${sim.url}${e.path}`, {
      method: e.method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(e.body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: e.body === undefined ? null : JSON.stringify(e.body),
    });
    const body = (await response.body.json()) as Record<string, unknown>;
    const where = `${e.method} ${e.route} (${e.path})`;
    if (response.statusCode !== e.status) {
      throw new Error(`${where}: expected ${e.status}, got ${response.statusCode}: ${JSON.stringify(body)}`);
    }
    for (const [name, value] of Object.entries(e.headers ?? {}))
      expect(response.headers[name]).toEqual(value);
    const declared = declaredResponse(e.method, e.route, e.status);
    const invalidBody =
      e.status === 422 && (body["error"] as { code?: string } | undefined)?.code === "validation_failed";
    if (declared && !invalidBody) {
      if (!declared(body))
        throw new Error(`${where} ${e.status} does not match the spec: ${describeErrors(declared)}`);
    } else if (e.status >= 400) {
      const generic = genericError();
      if (!generic(body))
        throw new Error(`${where} ${e.status} is not the error envelope: ${describeErrors(generic)}`);
      const code = (body["error"] as { code: string }).code;
      // SPEC_CHOICES.validationFailed: the generic 422 also where the route declares its own codes.
      if (!UNDECLARED_ERRORS[e.status]?.includes(code)) {
        throw new Error(`${where}: ${e.status} ${code} is neither in the spec nor in UNDECLARED_ERRORS`);
      }
    } else if (e.route === "/1/products") {
      // SPEC_CHOICES.mailHostingProducts: not in the subset; paged only when asked.
      const list = productList(new URLSearchParams(e.path.split("?")[1]).has("page"));
      if (!list(body)) throw new Error(`${where} is not a product list: ${describeErrors(list)}`);
    } else {
      throw new Error(`${where}: the spec declares no ${e.status} answer`);
    }
    if (e.status < 400) seen.add(`${e.method} ${e.route}`);
    return body;
  }

  const dataOf = (body: Record<string, unknown>) => body["data"] as Record<string, unknown>;
  const listOf = (body: Record<string, unknown>) => body["data"] as Record<string, unknown>[];

  /** Turns the seed's `apiBehaviour` switches (the rest of the state stays as it is). */
  async function setBehaviour(behaviour: Partial<State["apiBehaviour"]>): Promise<void> {
    const state = await sim.admin.state();
    await sim.admin.replaceState({ ...state, apiBehaviour: { ...state.apiBehaviour, ...behaviour } });
  }

  it("accounts, users and organisation invitations", async () => {
    await exchange({ method: "GET", route: "/1/accounts", path: "/1/accounts", status: 200 });
    await exchange({ method: "GET", route: "/1/accounts", path: "/1/accounts", token: null, status: 401 });
    await exchange({
      method: "GET",
      route: "/1/accounts/{account_id}",
      path: "/1/accounts/100",
      status: 200,
    });
    await exchange({
      method: "GET",
      route: "/1/accounts/{account_id}",
      path: "/1/accounts/999",
      status: 404,
    });
    const users = "/2/accounts/{account}/users";
    const pageTwo = { method: "GET", route: users, path: "/2/accounts/100/users?page=2&per_page=2" } as const;
    // SPEC_CHOICES.accountUsersUnpaginated: the whole list, no page fields, whatever `page` says...
    const whole = await exchange({ ...pageTwo, status: 200 });
    expect(Object.keys(whole).sort()).toEqual(["data", "result"]);
    expect(listOf(whole)).toHaveLength(4);
    // ...unless the seed asks for pages.
    await setBehaviour({ usersPaginated: true });
    const paged = await exchange({ ...pageTwo, status: 200 });
    expect(paged).toMatchObject({ total: 4, page: 2, pages: 2, items_per_page: 2 });
    expect(listOf(paged)).toHaveLength(2);
    await setBehaviour({ usersPaginated: false });
    await exchange({
      method: "GET",
      route: users,
      path: "/2/accounts/100/users",
      token: "wrong-token-123",
      status: 401,
    });
    await exchange({ method: "GET", route: users, path: "/2/accounts/999/users", status: 404 });
    const forbidden = await exchange({
      method: "GET",
      route: users,
      path: "/2/accounts/100/users",
      token: TOKENS.mailOnly,
      status: 403,
    });
    // SPEC_CHOICES.missingScope: the live answer, word for word.
    expect(forbidden["error"]).toEqual({
      code: "all_scopes",
      description: 'This method require this specific scope:"accounts"',
      context: { scopes: ["accounts"] },
    });

    const invitations = "/1/accounts/{account}/invitations";
    const person = {
      email: "nina@acme.example",
      first_name: "Nina",
      last_name: "Ng",
      locale: "en_GB",
      role_type: "normal",
    };
    const created = await exchange({
      method: "POST",
      route: invitations,
      path: "/1/accounts/100/invitations",
      body: person,
      status: 201,
    });
    const id = dataOf(created)["id"] as number;
    // SPEC_CHOICES.linkForms: a long numeric token, and the page in the invitation's language.
    const accept = dataOf(created)["url_accept"] as string;
    expect(accept.startsWith(ACCOUNT_INVITATION_URL_BASE)).toBe(true);
    expect(accept.slice(ACCOUNT_INVITATION_URL_BASE.length)).toMatch(/^[1-9][0-9]{18}\?lang=en$/);
    await exchange({
      method: "POST",
      route: invitations,
      path: "/1/accounts/100/invitations",
      body: person,
      status: 409,
    });
    // SPEC_CHOICES.missingScope: also where the route declares its own 403.
    await exchange({
      method: "POST",
      route: invitations,
      path: "/1/accounts/100/invitations",
      body: person,
      token: TOKENS.mailOnly,
      status: 403,
    });
    await exchange({
      method: "POST",
      route: invitations,
      path: "/1/accounts/100/invitations",
      body: { ...person, email: "x" },
      status: 422,
    });
    await exchange({
      method: "POST",
      route: invitations,
      path: "/1/accounts/999/invitations",
      body: person,
      status: 404,
    });
    await exchange({
      method: "GET",
      route: users,
      path: "/2/accounts/100/users?filter[state_in_account]=pending",
      status: 200,
    });

    const one = `${invitations}/{invitation}`;
    await exchange({ method: "GET", route: one, path: `/1/accounts/100/invitations/${id}`, status: 200 });
    await exchange({ method: "GET", route: one, path: "/1/accounts/100/invitations/4242", status: 404 });
    await exchange({
      method: "PATCH",
      route: one,
      path: `/1/accounts/100/invitations/${id}`,
      body: { role_type: "admin" },
      status: 200,
    });

    const mailbox = `${one}/mailbox/{mail_id}`;
    const attach = { mailbox_name: "support", mailbox_permissions: NINE };
    await exchange({
      method: "POST",
      route: mailbox,
      path: `/1/accounts/100/invitations/${id}/mailbox/10`,
      body: attach,
      status: 201,
    });
    await exchange({
      method: "POST",
      route: mailbox,
      path: `/1/accounts/100/invitations/${id}/mailbox/10`,
      body: attach,
      status: 409,
    });
    await exchange({
      method: "PATCH",
      route: mailbox,
      path: `/1/accounts/100/invitations/${id}/mailbox/10`,
      body: attach,
      status: 200,
    });
    const detach = { mailbox_name: "support" };
    await exchange({
      method: "DELETE",
      route: mailbox,
      path: `/1/accounts/100/invitations/${id}/mailbox/10`,
      body: detach,
      status: 200,
    });
    await exchange({
      method: "DELETE",
      route: mailbox,
      path: `/1/accounts/100/invitations/${id}/mailbox/10`,
      body: detach,
      status: 404,
    });
    await exchange({
      method: "PATCH",
      route: mailbox,
      path: `/1/accounts/100/invitations/${id}/mailbox/10`,
      body: attach,
      status: 404,
    });

    await exchange({ method: "DELETE", route: one, path: `/1/accounts/100/invitations/${id}`, status: 200 });
    await exchange({ method: "DELETE", route: one, path: `/1/accounts/100/invitations/${id}`, status: 409 });
    await exchange({ method: "DELETE", route: one, path: "/1/accounts/100/invitations/4242", status: 404 });
    await exchange({
      method: "PATCH",
      route: one,
      path: `/1/accounts/100/invitations/${id}`,
      body: { role_type: "owner" },
      status: 409,
    });
  });

  it("mail hostings as products", async () => {
    const products = async (query: string, status = 200, token?: string) =>
      exchange({ method: "GET", route: "/1/products", path: `/1/products${query}`, status, token });
    const kinds = (body: Record<string, unknown>) => listOf(body).map((p) => [p["id"], p["service_name"]]);
    // SPEC_CHOICES.mailHostingProducts: the mail hosting's product id is the mail hosting id...
    const hostings = await products("?account_id=100&service_name=email_hosting");
    expect(listOf(hostings)).toEqual([
      expect.objectContaining({ id: 10, account_id: 100, customer_name: "acme.example", service_id: 29 }),
    ]);
    // ...and without the filter, the account's domain comes too, under an id of no mail hosting.
    expect(kinds(await products("?account_id=100"))).toEqual([
      [10, "email_hosting"],
      [900_010, "domain"],
    ]);
    expect(kinds(await products(""))).toEqual([
      [10, "email_hosting"],
      [900_010, "domain"],
      [20, "email_hosting"],
      [900_020, "domain"],
    ]);
    const paged = await products("?service_name=email_hosting&page=2&per_page=1");
    expect(paged).toMatchObject({ total: 2, page: 2, pages: 2, items_per_page: 1 });
    expect(kinds(paged)).toEqual([[20, "email_hosting"]]);
    await products("?account_id=999", 404);
    await products("?account_id=abc", 422);
    await products("", 403, TOKENS.mailOnly);
  });

  it("mailboxes", async () => {
    const list = "/1/mail_hostings/{mail_hosting_id}/mailboxes";
    const listed = await exchange({
      method: "GET",
      route: list,
      path: "/1/mail_hostings/10/mailboxes?page=1&per_page=2",
      status: 200,
    });
    expect(listOf(listed)[0]).toMatchObject({ access_rights: { can_create_webmail_access: true } });
    await exchange({ method: "GET", route: list, path: "/1/mail_hostings/999/mailboxes", status: 404 });
    await exchange({
      method: "GET",
      route: list,
      path: "/1/mail_hostings/10/mailboxes",
      token: TOKENS.accountsOnly,
      status: 403,
    });
    const shared = await exchange({
      method: "GET",
      route: `${list}/{mailbox_name}`,
      path: "/1/mail_hostings/10/mailboxes/support",
      status: 200,
    });
    expect(dataOf(shared)).toMatchObject({
      is_used_for_account: "",
      can_create_webmail_access: true,
      access_rights: {
        can_create_webmail_access: true,
        can_create_webmail_access_for_login: true,
        can_create_device: true,
        can_delete_device_legacy: true,
        can_regenerate_device_legacy: true,
        can_ask_reset_password: true,
        can_list_users: true,
      },
    });
    // SPEC_CHOICES.restrictedLoginIdentifier: not shareable, in both places.
    const restricted = await exchange({
      method: "GET",
      route: `${list}/{mailbox_name}`,
      path: "/1/mail_hostings/10/mailboxes/alice",
      status: 200,
    });
    expect(dataOf(restricted)).toMatchObject({
      is_used_for_account: "login",
      can_create_webmail_access: false,
      access_rights: { can_create_webmail_access: false },
    });
    await exchange({
      method: "GET",
      route: `${list}/{mailbox_name}`,
      path: "/1/mail_hostings/10/mailboxes/nobody",
      status: 404,
    });
  });

  it("the webmail access family", async () => {
    const base = "/1/mail_hostings/10/mailboxes/support/accesses/webmail";
    await exchange({
      method: "POST",
      route: WEBMAIL,
      path: base,
      body: { user_id: 3, permissions: WEBMAIL_PERMISSIONS },
      status: 201,
    });
    await exchange({ method: "POST", route: WEBMAIL, path: base, body: { user_id: 3 }, status: 409 });
    await exchange({ method: "POST", route: WEBMAIL, path: base, body: { user_id: 7 }, status: 422 });
    await exchange({
      method: "POST",
      route: WEBMAIL,
      path: base,
      body: { user_id: 4, permissions: { can_manage_chat: true } },
      status: 422,
    });
    const user = `${WEBMAIL}/users/{user_id}`;
    await exchange({
      method: "PATCH",
      route: user,
      path: `${base}/users/3`,
      body: { permissions: { can_manage_rules: true } },
      status: 200,
    });
    await exchange({
      method: "PATCH",
      route: user,
      path: `${base}/users/4`,
      body: { permissions: {} },
      status: 404,
    });

    const created = await exchange({
      method: "POST",
      route: `${WEBMAIL}/invitations`,
      path: `${base}/invitations`,
      body: { permissions: WEBMAIL_PERMISSIONS, firstname: "Gina", lastname: "Numbers" },
      status: 200,
    });
    const key = dataOf(created)["key"] as string;
    // SPEC_CHOICES.linkForms: the link a guest receives.
    expect(dataOf(created)["short_url"]).toMatch(/^https:\/\/welcome\.infomaniak\.com\/iw\/\w+$/);
    expect((dataOf(created)["short_url"] as string).startsWith(SHORT_URL_BASE)).toBe(true);
    await exchange({
      method: "POST",
      route: `${WEBMAIL}/invitations`,
      path: "/1/mail_hostings/10/mailboxes/alice/accesses/webmail/invitations",
      body: {},
      status: 422,
    });
    const send = {
      method: "POST",
      route: `${WEBMAIL}/invitations/{invitation_webmail}/send`,
      path: `${base}/invitations/${key}/send`,
      body: { email: "accountant@numbers.example", language: "fr" },
    } as const;
    await exchange({ ...send, status: 200 });
    // SPEC_CHOICES.routeRateLimit: the route's own 429, without Retry-After...
    await exchange({ ...send, status: 429, headers: { "retry-after": undefined } });
    // ...after the seed's interval.
    await setBehaviour({ sendIntervalSeconds: 0 });
    await exchange({ ...send, status: 200 });
    await setBehaviour({ sendIntervalSeconds: 60 });

    // SPEC_CHOICES.pendingLinkRoutes: the legacy PATCH changes a webmail link; rights left out keep their value.
    const link = {
      method: "PATCH",
      route: `${LEGACY}/invitations/{key}`,
      path: `/1/mail_hostings/10/mailboxes/support/invitations/${key}`,
    } as const;
    await exchange({
      ...link,
      body: { permissions: { can_manage_filters: false, can_manage_chat: true } },
      status: 200,
    });
    const refused = await exchange({ ...link, body: { force_email: true }, status: 429 });
    expect((refused["error"] as { code: string }).code).toBe("invitation_sending_rate_limit_reached");
    await sim.admin.advanceClock(61);
    await exchange({ ...link, body: { force_email: true }, status: 200 });
    await exchange({ ...send, path: `${base}/invitations/unknown/send`, status: 404 });

    const listed = await exchange({
      method: "GET",
      route: WEBMAIL,
      path: `${base}?page=1&per_page=10`,
      status: 200,
    });
    expect(listed["data"]).toEqual([
      expect.objectContaining({ user_access: expect.anything() as unknown }),
      expect.objectContaining({
        invitation: expect.objectContaining({
          key,
          can_manage_filters: false,
          can_restore_emails: true,
          can_access_logs: false,
        }) as unknown,
      }),
    ]);
    await exchange({ method: "DELETE", route: user, path: `${base}/users/3`, status: 200 });
    await exchange({ method: "DELETE", route: user, path: `${base}/users/3`, status: 404 });
    // SPEC_CHOICES.pendingLinkRoutes: the legacy route revokes a webmail link; a revoked link cannot change.
    await exchange({ ...link, method: "DELETE", status: 200 });
    const gone = await exchange({ ...link, body: { permissions: {} }, status: 400 });
    expect((gone["error"] as { code: string }).code).toBe("cannot_update_invitation");
    await exchange({
      method: "GET",
      route: WEBMAIL,
      path: "/1/mail_hostings/20/mailboxes/office/accesses/webmail",
      status: 501,
    });
  });

  it("team accesses: between user accesses and invitations, webmail family only", async () => {
    const before = await sim.admin.state();
    const permissions = { can_manage_filters: true, can_restore_emails: true };
    await sim.admin.replaceState({
      ...before,
      teams: [
        { id: 70, accountId: 100, name: "Support team", userIds: [2, 3] },
        { id: 72, accountId: 200, name: "Office team", userIds: [6] },
      ],
      teamAccesses: [
        {
          id: 71,
          teamId: 70,
          mailHostingId: 10,
          mailboxName: "sales",
          permissions,
          createdAt: 1_700_000_000,
        },
        {
          id: 73,
          teamId: 72,
          mailHostingId: 20,
          mailboxName: "office",
          permissions,
          createdAt: 1_700_000_000,
        },
      ],
    });
    await exchange({
      method: "POST",
      route: `${WEBMAIL}/invitations`,
      path: "/1/mail_hostings/10/mailboxes/sales/accesses/webmail/invitations",
      body: { permissions },
      status: 200,
    });
    const listed = await exchange({
      method: "GET",
      route: WEBMAIL,
      path: "/1/mail_hostings/10/mailboxes/sales/accesses/webmail",
      status: 200,
    });
    // SPEC_CHOICES.teamAccessItem: the order, and the item's (assumed) key and shape.
    expect(listOf(listed).map((item) => Object.keys(item))).toEqual([
      ["user_access"],
      ["team_access"],
      ["invitation"],
    ]);
    expect(listOf(listed)[1]).toEqual({
      team_access: expect.objectContaining({
        id: 71,
        team: { id: 70, name: "Support team", color_id: 1, user_count: 2 },
        permissions: ["can_manage_filters", "can_restore_emails"],
        can_manage_filters: true,
        can_access_logs: false,
        created_at: 1_700_000_000,
      }) as unknown,
    });
    const legacy = await exchange({
      method: "GET",
      route: `${LEGACY}/users`,
      path: "/1/mail_hostings/20/mailboxes/office/users",
      status: 200,
    });
    expect(dataOf(legacy)["users"]).toEqual([expect.objectContaining({ id: 5 })]);
    await sim.admin.replaceState(before);
  });

  it("the legacy access family", async () => {
    const base = "/1/mail_hostings/20/mailboxes/office";
    const listing = { method: "GET", route: `${LEGACY}/users`, path: `${base}/users` } as const;
    await exchange({ ...listing, status: 200 });
    await exchange({
      method: "GET",
      route: `${LEGACY}/users`,
      path: "/1/mail_hostings/10/mailboxes/support/users",
      status: 501,
    });
    await exchange({
      method: "GET",
      route: `${LEGACY}/users`,
      path: "/1/mail_hostings/20/mailboxes/nobody/users",
      status: 404,
    });
    const created = await exchange({
      method: "POST",
      route: `${LEGACY}/auth/invitations`,
      path: `${base}/auth/invitations`,
      body: { permissions: LEGACY_PERMISSIONS, firstname: "Fabio", lastname: "Bianchi", send_email: false },
      status: 200,
    });
    const key = dataOf(created)["key"] as string;
    // SPEC_CHOICES.linkForms: the same link form in both families.
    expect((dataOf(created)["short_url"] as string).startsWith(SHORT_URL_BASE)).toBe(true);
    await exchange({
      method: "POST",
      route: `${LEGACY}/auth/invitations`,
      path: `${base}/auth/invitations`,
      body: { permissions: { can_restore_emails: true } },
      status: 422,
    });

    // SPEC_CHOICES.legacyListingOptionalFields: both by default; the seed may leave either out.
    for (const omits of [[], ["permissions"], ["invitations"], ["permissions", "invitations"]] as const) {
      await setBehaviour({ legacyListingOmits: [...omits] });
      const listed = dataOf(await exchange({ ...listing, status: 200 }));
      const users = listed["users"] as Record<string, unknown>[];
      expect(users).toHaveLength(1);
      expect(users.every((u) => "permissions" in u)).toBe(
        !(omits as readonly string[]).includes("permissions"),
      );
      expect("invitations" in listed).toBe(!(omits as readonly string[]).includes("invitations"));
    }
    await setBehaviour({ legacyListingOmits: [] });
    const send = `${LEGACY}/auth/invitations/send`;
    const to = { key, email: "fabio@legacy.example", language: "it" };
    await exchange({
      method: "PUT",
      route: send,
      path: `${base}/auth/invitations/send`,
      body: to,
      status: 200,
    });
    await exchange({
      method: "PUT",
      route: send,
      path: `${base}/auth/invitations/send`,
      body: to,
      status: 400,
    });
    await exchange({
      method: "PUT",
      route: send,
      path: `${base}/auth/invitations/send`,
      body: { ...to, key: "nope" },
      status: 404,
    });
    await exchange({
      method: "GET",
      route: `${LEGACY}/invitations`,
      path: `${base}/invitations`,
      status: 200,
    });
    await exchange({ ...listing, status: 200 });

    const invitation = `${LEGACY}/invitations/{key}`;
    await exchange({
      method: "PATCH",
      route: invitation,
      path: `${base}/invitations/${key}`,
      body: { permissions: { can_manage_chat: false } },
      status: 200,
    });
    // SPEC_CHOICES.pendingLinkRoutes: sending again within the interval gets the legacy send's 400.
    const tooSoon = await exchange({
      method: "PATCH",
      route: invitation,
      path: `${base}/invitations/${key}`,
      body: { force_email: true },
      status: 400,
    });
    expect((tooSoon["error"] as { code: string }).code).toBe("too_many_attempts_try_again_in_1_minute");
    // An expired link cannot change.
    const stale = await exchange({
      method: "POST",
      route: `${LEGACY}/auth/invitations`,
      path: `${base}/auth/invitations`,
      body: { permissions: LEGACY_PERMISSIONS },
      status: 200,
    });
    const staleKey = dataOf(stale)["key"] as string;
    await sim.admin.mailboxInvitation(staleKey, "expire");
    const expired = await exchange({
      method: "PATCH",
      route: invitation,
      path: `${base}/invitations/${staleKey}`,
      body: { permissions: {} },
      status: 400,
    });
    expect((expired["error"] as { code: string }).code).toBe("cannot_update_invitation");
    await exchange({ method: "DELETE", route: invitation, path: `${base}/invitations/${key}`, status: 200 });
    await exchange({ method: "DELETE", route: invitation, path: `${base}/invitations/${key}`, status: 404 });
    await exchange({
      method: "PATCH",
      route: invitation,
      path: `${base}/invitations/${key}`,
      body: { permissions: {} },
      status: 400,
    });

    const user = `${LEGACY}/users/{user_id}`;
    await exchange({
      method: "PATCH",
      route: user,
      path: `${base}/users/5`,
      body: { permissions: { can_manage_chat: false } },
      status: 200,
    });
    await exchange({ method: "DELETE", route: user, path: `${base}/users/5`, status: 200 });
    await exchange({ method: "DELETE", route: user, path: `${base}/users/5`, status: 404 });
    await exchange({
      method: "PATCH",
      route: user,
      path: `${base}/users/5`,
      body: { permissions: {} },
      status: 404,
    });
  });

  it("limits, faults and unknown routes use the error envelope", async () => {
    await exchange({ method: "GET", route: "(unknown)", path: "/1/nothing/here", status: 404 });
    await exchange({
      method: "POST",
      route: "/1/accounts/{account}/invitations",
      path: "/1/accounts/100/invitations",
      body: "{",
      status: 422,
    });
    await sim.admin.setFaults({ rules: [{ kind: "error", route: "/1/accounts", count: 1 }] });
    await exchange({ method: "GET", route: "/1/accounts", path: "/1/accounts", status: 503 });
    await sim.admin.clearFaults();
    await sim.admin.setRateLimit(1, 60_000);
    await exchange({ method: "GET", route: "/1/accounts", path: "/1/accounts", status: 200 });
    await exchange({
      method: "GET",
      route: "/1/accounts",
      path: "/1/accounts",
      status: 429,
      headers: { "retry-after": expect.stringMatching(/^[1-9][0-9]*$/) as unknown },
    });
    await sim.admin.setRateLimit(0);
  });

  it("every implemented route was answered with success at least once", () => {
    expect(sim.routes.filter((route) => !seen.has(route))).toEqual([]);
  });

  it("rejects an answer that breaks the spec (negative control)", () => {
    const validate = declaredResponse("GET", "/1/accounts", 200);
    expect(validate?.({ result: "success", data: [{ id: "not-a-number", name: "Acme" }] })).toBe(false);
    expect(validate?.({ result: "success", data: [] })).toBe(true);
  });

  it("rejects a team access or a product of another shape (negative control)", () => {
    const listing = declaredResponse("GET", WEBMAIL, 200);
    const team = { id: 1, name: "T", color_id: 1, user_count: 0 };
    expect(listing?.({ result: "success", data: [{ team_access: { id: 1, team } }] })).toBe(false);
    const products = productList(false);
    expect(products({ result: "success", data: [] })).toBe(true);
    expect(products({ result: "success", data: [], total: 0 })).toBe(false);
    expect(products({ result: "success", data: [{ id: 10, account_id: 100 }] })).toBe(false);
    expect(productList(true)({ result: "success", data: [] })).toBe(false);
  });

  it("every SPEC_CHOICES reference in the code names a written choice", () => {
    const referenced = new Set<string>();
    for (const file of sourceFiles(join(__dirname, "../.."))) {
      for (const match of readFileSync(file, "utf8").matchAll(/SPEC_CHOICES\.(\w+)/g))
        referenced.add(match[1] ?? "");
    }
    expect(referenced.size).toBeGreaterThan(5);
    expect([...referenced].filter((name) => !(name in SPEC_CHOICES))).toEqual([]);
  });
});
