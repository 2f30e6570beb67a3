import { InfomaniakClient } from "../../provider/api/client";
import { SPEC_CHOICES } from "../../simulator/specChoices";
import type { RecordedRequest } from "../support/recordingProxy";
import { startRecordingProxy } from "../support/recordingProxy";
import type { TestSimulator } from "../support/simulator";
import { SEED, startTestSimulator, testSettings } from "../support/simulator";
import { declaredRequestBody, describeErrors, routeOf } from "./openApiSchemas";

/** Routes the client calls that the subset leaves out, each a written choice. */
const OUTSIDE_THE_SUBSET: readonly string[] = [SPEC_CHOICES.mailHostingProducts.route];

/** Every operation of the client once, both access families, as the provider drives them. */
async function driveEveryOperation(client: InfomaniakClient, sim: TestSimulator): Promise<void> {
  const { organisation, mailHostings, mailboxAccesses } = client;
  await organisation.listAccounts();
  await organisation.users(SEED.webmailAccount);
  const person = { email: "ida@acme.example", first_name: "Ida", last_name: "Meier" };
  const invited = await organisation.invite(SEED.webmailAccount, {
    ...person,
    locale: "de_DE",
    role_type: "normal",
  });
  await organisation.getInvitation(SEED.webmailAccount, invited.id);
  await organisation.changeRole(SEED.webmailAccount, invited.id, "admin");
  const support = { mailHostingId: SEED.webmailHosting, mailboxName: "support" };
  await organisation.attachMailbox(SEED.webmailAccount, invited.id, support, { can_manage_filters: true });
  // Attached already: the client sets the rights with a PATCH.
  await organisation.attachMailbox(SEED.webmailAccount, invited.id, support, { can_access_logs: true });
  await organisation.detachMailbox(SEED.webmailAccount, invited.id, support);
  await organisation.cancel(SEED.webmailAccount, invited.id);
  for (const account of [SEED.webmailAccount, SEED.legacyAccount]) {
    for (const hosting of await mailHostings.list(account)) await mailHostings.mailboxes(hosting.id);
  }
  const families = [
    {
      box: { mailHostingId: SEED.webmailHosting, mailboxName: "invoices" },
      userId: 4,
      email: "david@acme.example",
    },
    {
      box: { mailHostingId: SEED.legacyHosting, mailboxName: "info" },
      userId: 6,
      email: "fabio@legacy.example",
    },
  ];
  for (const { box, userId, email } of families) {
    const member = { userId, email, firstName: "F", lastName: "L" };
    const granted = await mailboxAccesses.grant(box, member, { can_manage_filters: true }, "en");
    if (!granted.granted) await sim.admin.mailboxInvitation(granted.invitation.key, "accept");
    await mailboxAccesses.update(box, userId, { can_manage_signatures: true });
    const link = await mailboxAccesses.createLink(box, {
      permissions: {},
      firstName: "Out",
      lastName: "Side",
    });
    await mailboxAccesses.sendLink(box, link.key, "out@side.example", "it");
    await mailboxAccesses.updateLink(box, link.key, { can_manage_auto_reply: true });
    await mailboxAccesses.revokeLink(box, link.key);
    await mailboxAccesses.revoke(box, userId);
  }
}

function describeRequest(r: RecordedRequest): string {
  return `${r.method} ${r.path}${r.body === undefined ? "" : ` ${JSON.stringify(r.body)}`}`;
}

/**
 * The client's own requests, captured over HTTP on their way to the simulator: each route must be
 * one the OpenAPI subset declares (method and path template), and each body must match the route's
 * `requestBody` schema, with no field the schema does not list.
 */
describe("the client's requests match the OpenAPI subset", () => {
  let sim: TestSimulator;
  let requests: RecordedRequest[];

  beforeAll(async () => {
    sim = await startTestSimulator();
    const proxy = await startRecordingProxy(sim.url);
    const client = new InfomaniakClient(testSettings(proxy.url));
    try {
      await driveEveryOperation(client, sim);
    } finally {
      await client.close();
      await proxy.stop();
    }
    requests = proxy.requests;
  });
  afterAll(() => sim.stop());

  it("calls only routes the subset declares", () => {
    const undeclared = requests
      .filter(
        (r) =>
          routeOf(r.method, r.path) === undefined && !OUTSIDE_THE_SUBSET.includes(`${r.method} ${r.path}`),
      )
      .map(describeRequest);
    expect(undeclared).toEqual([]);
  });

  it("sends bodies that match the route's requestBody schema", () => {
    const withBody = requests.filter((r) => r.body !== undefined);
    expect(withBody.length).toBeGreaterThan(10);
    const wrong = withBody.flatMap((r) => {
      const route = routeOf(r.method, r.path);
      const validate = route === undefined ? undefined : declaredRequestBody(r.method, route);
      if (validate === undefined) return [`${describeRequest(r)}: the spec declares no body for ${route}`];
      return validate(r.body) ? [] : [`${describeRequest(r)}: ${describeErrors(validate)}`];
    });
    expect(wrong).toEqual([]);
  });

  it("knows a route by its method and every literal segment (negative control)", () => {
    expect(routeOf("GET", "/1/accounts/100")).toBe("/1/accounts/{account_id}");
    expect(routeOf("PUT", "/1/accounts/100")).toBeUndefined();
    expect(routeOf("DELETE", "/1/mail_hostings/10/mailboxes/info/invitation/k")).toBeUndefined();
    expect(routeOf("DELETE", "/1/mail_hostings/10/mailboxes/info/invitations/k")).toBe(
      "/1/mail_hostings/{mail_hosting_id}/mailboxes/{mailbox_name}/invitations/{key}",
    );
  });

  it("refuses a misspelt field (negative control)", () => {
    const route = "/1/mail_hostings/{service_mail}/mailboxes/{mailbox_name}/accesses/webmail/invitations";
    const validate = declaredRequestBody("POST", route);
    expect(validate?.({ permissions: {}, firstname: "A" })).toBe(true);
    expect(validate?.({ permissions: {}, first_name: "A" })).toBe(false);
    expect(validate?.({ permissions: { can_manage_filter: true } })).toBe(false);
  });
});
