import { ExternalInvitation, MailboxAccess, OrganisationUser } from "pulumi-infomaniak-mailbox";
import type { EngineStack } from "../support/engineStack";
import { simulatorStack, writeCount } from "../support/engineStack";
import type { TestSimulator } from "../support/simulator";
import { SEED, startTestSimulator } from "../support/simulator";

const webmail = { mailHostingId: SEED.webmailHosting, mailbox: "support" };
const member = { userEmail: "chloe@acme.example" };

/** Each case: one resource, the input the message must name, and words of the fix. */
const CASES: { name: string; declare: (name: string) => void; field: string; fix: RegExp }[] = [
  {
    name: "bad-email",
    declare: (n) => new MailboxAccess(n, { ...webmail, userEmail: "chloe-at-acme" }),
    field: "userEmail",
    fix: /plain ASCII e-mail address/,
  },
  {
    name: "look-alike-email",
    declare: (n) => new MailboxAccess(n, { ...webmail, userEmail: "chlοe@acme.example" }),
    field: "userEmail",
    fix: /plain ASCII/,
  },
  {
    name: "unknown-permission",
    declare: (n) =>
      new MailboxAccess(n, { ...webmail, ...member, permissions: { can_read_minds: true } as never }),
    field: "permissions.can_read_minds",
    fix: /use one of can_access_logs/,
  },
  {
    name: "unknown-preset",
    declare: (n) => new MailboxAccess(n, { ...webmail, ...member, preset: "viewer" as never }),
    field: "preset",
    fix: /readOnly, delegate, manager, full/,
  },
  {
    name: "other-domain",
    declare: (n) => new MailboxAccess(n, { ...webmail, ...member, mailbox: "support@other.example" }),
    field: "mailbox",
    fix: /serves acme\.example/,
  },
  {
    name: "missing-mailbox",
    declare: (n) => new MailboxAccess(n, { ...webmail, ...member, mailbox: "nobody" }),
    field: "mailbox",
    fix: /use one of: support/,
  },
  {
    name: "hostile-mailbox",
    declare: (n) => new MailboxAccess(n, { ...webmail, ...member, mailbox: "../users?x=1" }),
    field: "mailbox",
    fix: /mailbox name such as "support"/,
  },
  {
    name: "wrong-family-permission",
    declare: (n) => new MailboxAccess(n, { ...webmail, ...member, permissions: { can_manage_chat: true } }),
    field: "permissions.can_manage_chat",
    fix: /new access family[\s\S]*remove it/,
  },
  {
    name: "not-a-member",
    declare: (n) => new MailboxAccess(n, { ...webmail, userEmail: "accountant@numbers.example" }),
    field: "userEmail",
    fix: /ExternalInvitation/,
  },
  {
    name: "no-user",
    declare: (n) => new MailboxAccess(n, { ...webmail }),
    field: "userId",
    fix: /exactly one of userId/,
  },
  {
    name: "unknown-hosting",
    declare: (n) => new MailboxAccess(n, { ...member, mailHostingId: 999, mailbox: "support" }),
    field: "mailHostingId",
    fix: /not in any organisation/,
  },
  {
    name: "missing-names",
    declare: (n) =>
      new OrganisationUser(n, {
        accountId: SEED.webmailAccount,
        email: "new@acme.example",
        firstName: "",
        lastName: "Doe",
      }),
    field: "firstName",
    fix: /must not be empty/,
  },
  {
    name: "already-has-access",
    declare: (n) => new MailboxAccess(n, { ...webmail, mailbox: "sales", userEmail: "alice@acme.example" }),
    field: "adopt",
    fix: /alice@acme\.example already has access[\s\S]*set `adopt: true`/,
  },
  {
    name: "adopt-nobody",
    declare: (n) =>
      new OrganisationUser(n, {
        accountId: SEED.webmailAccount,
        email: "zoe@acme.example",
        firstName: "Zoé",
        lastName: "Meyer",
        adopt: true,
      }),
    field: "adopt",
    fix: /there is nothing to adopt\. Remove adopt to invite them/,
  },
  {
    name: "bad-locale",
    declare: (n) =>
      new OrganisationUser(n, {
        accountId: SEED.webmailAccount,
        email: "new@acme.example",
        firstName: "N",
        lastName: "D",
        locale: "fr" as never,
      }),
    field: "locale",
    fix: /fr_FR/,
  },
  {
    name: "member-invited-by-link",
    declare: (n) => new ExternalInvitation(n, { ...webmail, email: "bruno@acme.example" }),
    field: "email",
    fix: /MailboxAccess instead/,
  },
  {
    name: "restricted-login-identifier",
    declare: (n) =>
      new ExternalInvitation(n, { ...webmail, mailbox: "alice", email: "guest@outside.example" }),
    field: "mailbox",
    fix: /alice@acme\.example is a restricted login identifier[\s\S]*forbids sharing such a mailbox by invitation link[\s\S]*MailboxAccess[\s\S]*login identifier in the Manager/,
  },
  {
    name: "bad-expiry-policy",
    declare: (n) =>
      new ExternalInvitation(n, {
        ...webmail,
        email: "guest@outside.example",
        onExpiry: "sometimes" as never,
      }),
    field: "onExpiry",
    fix: /"reinvite"/,
  },
];

describe("invalid declarations fail in preview, naming the resource and the input, and write nothing", () => {
  let sim: TestSimulator;
  let engine: EngineStack;
  let current: (typeof CASES)[number] | undefined;

  beforeAll(async () => {
    sim = await startTestSimulator();
    engine = await simulatorStack(sim, "invalid", () => current?.declare(current.name));
  });
  afterAll(async () => {
    engine.remove();
    await sim.stop();
  });

  it.each(CASES)("$name", async (c) => {
    current = c;
    const error = await engine.stack.preview().then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error).toBeDefined();
    const message = error?.message ?? "";
    expect(message).toContain(`'${c.name}'`);
    expect(message).toContain(c.field);
    expect(message).toMatch(c.fix);
  });

  it("the simulator recorded no write, and no request but GETs", async () => {
    expect(CASES.length).toBeGreaterThanOrEqual(10);
    expect(await writeCount(sim)).toBe(0);
    const { routes } = await sim.admin.requests();
    expect(routes.filter((r) => r.method !== "GET")).toEqual([]);
  });
});
