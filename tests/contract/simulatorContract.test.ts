import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { request } from "undici";
import { SPEC_CHOICES, UNDECLARED_ERRORS } from "../../simulator/specChoices";
import type { TestSimulator } from "../support/simulator";
import { TOKENS, startTestSimulator } from "../support/simulator";
import { declaredResponse, describeErrors, genericError, genericPagedList } from "./openApiResponses";

interface Exchange {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** The route template as the spec writes it. */
  route: string;
  path: string;
  body?: unknown;
  token?: string | null;
  status: number;
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
    } else if (e.route === "/1/mail_hostings") {
      const paged = genericPagedList();
      if (!paged(body)) throw new Error(`${where} is not a paged list: ${describeErrors(paged)}`);
    } else {
      throw new Error(`${where}: the spec declares no ${e.status} answer`);
    }
    if (e.status < 400) seen.add(`${e.method} ${e.route}`);
    return body;
  }

  const dataOf = (body: Record<string, unknown>) => body["data"] as Record<string, unknown>;

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
    await exchange({
      method: "GET",
      route: users,
      path: "/2/accounts/100/users?page=2&per_page=2",
      status: 200,
    });
    await exchange({
      method: "GET",
      route: users,
      path: "/2/accounts/100/users",
      token: "wrong-token-123",
      status: 401,
    });
    await exchange({ method: "GET", route: users, path: "/2/accounts/999/users", status: 404 });
    await exchange({
      method: "GET",
      route: users,
      path: "/2/accounts/100/users",
      token: TOKENS.mailOnly,
      status: 403,
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
    await exchange({
      method: "POST",
      route: invitations,
      path: "/1/accounts/100/invitations",
      body: person,
      status: 409,
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

  it("mail hostings and mailboxes", async () => {
    await exchange({
      method: "GET",
      route: "/1/mail_hostings",
      path: "/1/mail_hostings?account_id=100",
      status: 200,
    });
    await exchange({ method: "GET", route: "/1/mail_hostings", path: "/1/mail_hostings", status: 422 });
    const list = "/1/mail_hostings/{mail_hosting_id}/mailboxes";
    await exchange({
      method: "GET",
      route: list,
      path: "/1/mail_hostings/10/mailboxes?page=1&per_page=2",
      status: 200,
    });
    await exchange({ method: "GET", route: list, path: "/1/mail_hostings/999/mailboxes", status: 404 });
    await exchange({
      method: "GET",
      route: list,
      path: "/1/mail_hostings/10/mailboxes",
      token: TOKENS.accountsOnly,
      status: 403,
    });
    await exchange({
      method: "GET",
      route: `${list}/{mailbox_name}`,
      path: "/1/mail_hostings/10/mailboxes/support",
      status: 200,
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
    await exchange({
      method: "POST",
      route: `${WEBMAIL}/invitations`,
      path: "/1/mail_hostings/10/mailboxes/alice/accesses/webmail/invitations",
      body: {},
      status: 422,
    });
    const send = `${WEBMAIL}/invitations/{invitation_webmail}/send`;
    const to = { email: "accountant@numbers.example", language: "fr" };
    await exchange({
      method: "POST",
      route: send,
      path: `${base}/invitations/${key}/send`,
      body: to,
      status: 200,
    });
    await exchange({
      method: "POST",
      route: send,
      path: `${base}/invitations/${key}/send`,
      body: to,
      status: 429,
    });
    await exchange({
      method: "POST",
      route: send,
      path: `${base}/invitations/unknown/send`,
      body: to,
      status: 404,
    });

    const listed = await exchange({
      method: "GET",
      route: WEBMAIL,
      path: `${base}?page=1&per_page=10`,
      status: 200,
    });
    expect(listed["data"]).toEqual([
      expect.objectContaining({ user_access: expect.anything() as unknown }),
      expect.objectContaining({ invitation: expect.objectContaining({ key }) as unknown }),
    ]);
    await exchange({ method: "DELETE", route: user, path: `${base}/users/3`, status: 200 });
    await exchange({ method: "DELETE", route: user, path: `${base}/users/3`, status: 404 });
    // SPEC_CHOICES.revokeWebmailInvitation: the legacy route revokes a webmail link.
    const invitation = `${LEGACY}/invitations/{key}`;
    await exchange({
      method: "DELETE",
      route: invitation,
      path: `/1/mail_hostings/10/mailboxes/support/invitations/${key}`,
      status: 200,
    });
    await exchange({
      method: "GET",
      route: WEBMAIL,
      path: "/1/mail_hostings/20/mailboxes/office/accesses/webmail",
      status: 501,
    });
  });

  it("the legacy access family", async () => {
    const base = "/1/mail_hostings/20/mailboxes/office";
    await exchange({ method: "GET", route: `${LEGACY}/users`, path: `${base}/users`, status: 200 });
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
    await exchange({
      method: "POST",
      route: `${LEGACY}/auth/invitations`,
      path: `${base}/auth/invitations`,
      body: { permissions: { can_restore_emails: true } },
      status: 422,
    });
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
    await exchange({ method: "GET", route: `${LEGACY}/users`, path: `${base}/users`, status: 200 });

    const invitation = `${LEGACY}/invitations/{key}`;
    await exchange({
      method: "PATCH",
      route: invitation,
      path: `${base}/invitations/${key}`,
      body: { permissions: { can_manage_chat: false } },
      status: 200,
    });
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
    await exchange({ method: "GET", route: "/1/accounts", path: "/1/accounts", status: 429 });
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
