import { InfomaniakClient } from "../../provider/api/client";
import type { ResourceImplementation } from "../../provider/resourceImplementation";
import { externalInvitation } from "../../provider/resources/externalInvitation";
import { mailboxAccess } from "../../provider/resources/mailboxAccess";
import { organisationUser } from "../../provider/resources/organisationUser";
import { ResourceError } from "../../provider/resources/resourceError";
import type { StateInput } from "../../simulator";
import { writeCount } from "../support/engineStack";
import type { TestSimulator } from "../support/simulator";
import { configureSimulatorRuntime, SEED, startTestSimulator, testSettings } from "../support/simulator";

const support = { mailHostingId: SEED.webmailHosting, mailbox: "support" };
/** What check adds about the mailbox: its organisation and address. */
const supportChecked = { ...support, accountId: SEED.webmailAccount, address: "support@acme.example" };
const guest = { ...support, email: "guest@outside.example" };
const guestChecked = {
  ...guest,
  ...supportChecked,
  permissions: {},
  send: true,
  language: "fr",
  onExpiry: "report",
};

interface Case {
  name: string;
  resource: ResourceImplementation;
  /** What the program declares: `check` must refuse it. */
  declared: Record<string, unknown>;
  /** What `create` (or, with `state`, `update`) would get had `check` let it through. */
  forced: Record<string, unknown>;
  /** The resource's state, for a change to an existing resource: `update` is then what refuses. */
  state?: Record<string, unknown>;
  property: string;
  /** What the reason must say, where the advice depends on how it was declared. */
  says?: string;
  /** The state of the organisation the case needs, from the seed. */
  arrange?: (sim: TestSimulator, seed: StateInput) => Promise<void>;
}

/**
 * Everything `create` or `update` refuses for a reason visible in the data `check` reads, `check` refuses first,
 * with the same reason: a preview never passes what `up` then refuses.
 */
const CASES: Case[] = [
  {
    name: "a member who already has access, without adopt",
    resource: mailboxAccess,
    declared: { ...support, mailbox: "sales", userEmail: "alice@acme.example" },
    forced: {
      ...supportChecked,
      mailbox: "sales",
      address: "sales@acme.example",
      userId: 1,
      userEmail: "alice@acme.example",
      permissions: {},
    },
    property: "adopt",
  },
  {
    name: "a guest who already has a pending link, without adopt",
    resource: externalInvitation,
    declared: guest,
    forced: guestChecked,
    property: "adopt",
    arrange: async (sim) => {
      const client = new InfomaniakClient(testSettings(sim.url));
      const ref = { mailHostingId: SEED.webmailHosting, mailboxName: "support" };
      const link = await client.mailboxAccesses.createLink(ref, { permissions: {} });
      await client.mailboxAccesses.sendLink(ref, link.key, guest.email, "en");
      await client.close();
    },
  },
  {
    name: "a member invited by link",
    resource: externalInvitation,
    declared: { ...guest, email: "bruno@acme.example" },
    forced: { ...guestChecked, email: "bruno@acme.example" },
    property: "email",
  },
  {
    name: "a link to a restricted login identifier",
    resource: externalInvitation,
    declared: { ...guest, mailbox: "alice" },
    forced: { ...guestChecked, mailbox: "alice", address: "alice@acme.example" },
    property: "mailbox",
  },
  {
    name: "a legacy grant (a link) to a restricted login identifier",
    resource: mailboxAccess,
    declared: { mailHostingId: SEED.legacyHosting, mailbox: "info", userEmail: "fabio@legacy.example" },
    forced: {
      mailHostingId: SEED.legacyHosting,
      mailbox: "info",
      accountId: SEED.legacyAccount,
      address: "info@legacy.example",
      userId: 6,
      userEmail: "fabio@legacy.example",
      permissions: {},
    },
    property: "mailbox",
    arrange: (sim, seed) =>
      sim.admin
        .replaceState({
          ...seed,
          mailboxes: seed.mailboxes.map((m) =>
            m.name === "info" ? { ...m, restrictedLoginIdentifier: true } : m,
          ),
        })
        .then(() => undefined),
  },
  {
    name: "someone outside the organisation",
    resource: mailboxAccess,
    declared: { ...support, userEmail: "accountant@numbers.example" },
    forced: { ...supportChecked, userId: null, userEmail: "accountant@numbers.example", permissions: {} },
    property: "userEmail",
  },
  {
    name: "a grant on a mail hosting of another organisation than the declared one",
    resource: mailboxAccess,
    declared: { ...support, accountId: SEED.legacyAccount, userEmail: "bruno@acme.example" },
    forced: {
      ...supportChecked,
      accountId: SEED.legacyAccount,
      userId: 2,
      userEmail: "bruno@acme.example",
      permissions: {},
    },
    property: "mailHostingId",
    says: "mail hosting 10 is not in organisation 200: use one of 20 as mailHostingId,",
  },
  {
    name: "a link on a mail hosting of another organisation, declared in a spec",
    resource: externalInvitation,
    declared: { ...guest, accountId: SEED.legacyAccount, declaredIn: "spec" },
    forced: { ...guestChecked, accountId: SEED.legacyAccount, declaredIn: "spec" },
    property: "mailHostingId",
    says: "use one of 20 as organisation.mailHostingId in the spec",
  },
  {
    name: "adopting someone who is neither a member nor invited",
    resource: organisationUser,
    declared: {
      accountId: SEED.webmailAccount,
      email: "zoe@acme.example",
      firstName: "Zoé",
      lastName: "M",
      adopt: true,
    },
    forced: {
      accountId: SEED.webmailAccount,
      email: "zoe@acme.example",
      firstName: "Zoé",
      lastName: "M",
      locale: "en_GB",
      role: "normal",
      adopt: true,
    },
    property: "adopt",
  },
  {
    name: "a member declared anew, without adopt",
    resource: organisationUser,
    declared: {
      accountId: SEED.webmailAccount,
      email: "bruno@acme.example",
      firstName: "B",
      lastName: "K",
      role: "admin",
    },
    forced: {
      accountId: SEED.webmailAccount,
      email: "bruno@acme.example",
      firstName: "B",
      lastName: "K",
      locale: "en_GB",
      role: "admin",
    },
    property: "adopt",
  },
  {
    name: "a new role for a member who has accepted (an update)",
    resource: organisationUser,
    declared: {
      accountId: SEED.webmailAccount,
      email: "bruno@acme.example",
      firstName: "B",
      lastName: "K",
      role: "normal",
      adopt: true,
    },
    forced: {
      accountId: SEED.webmailAccount,
      email: "bruno@acme.example",
      firstName: "B",
      lastName: "K",
      locale: "en_GB",
      role: "normal",
      adopt: true,
    },
    state: {
      accountId: SEED.webmailAccount,
      email: "bruno@acme.example",
      firstName: "B",
      lastName: "K",
      locale: "en_GB",
      role: "admin",
      adopt: true,
      userId: 2,
      invitationId: null,
      status: "accepted",
      inviteUrl: null,
    },
    property: "role",
  },
];

describe("check refuses first what create would refuse", () => {
  let sim: TestSimulator;
  let seed: StateInput;
  beforeAll(async () => {
    sim = await startTestSimulator();
    seed = await sim.admin.state();
  });
  afterAll(() => sim.stop());

  it.each(CASES)("$name", async (c) => {
    await sim.admin.replaceState(seed);
    await c.arrange?.(sim, seed);
    // A fresh client: nothing read before is cached.
    configureSimulatorRuntime(sim.url, { fresh: true });
    await sim.admin.resetRequests();

    const checked = await c.resource.check(c.state ?? {}, c.declared);
    const failure = checked.failures?.[0];
    expect(failure?.property).toBe(c.property);
    // A reason people can act on; where the advice depends on how it was declared, that advice.
    expect(failure?.reason).toMatch(/\w.{20,}/);
    if (c.says !== undefined) expect(failure?.reason).toContain(c.says);

    const apply = c.state ? c.resource.update("id", c.state, c.forced) : c.resource.create(c.forced);
    const refused = await apply.then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(ResourceError);
    expect((refused as ResourceError).message).toContain(failure?.reason ?? "no check failure");
    // Nothing was changed on the way (a refused request changes nothing).
    expect(await writeCount(sim)).toBe(0);
  });
});
