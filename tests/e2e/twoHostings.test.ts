import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Organisation } from "pulumi-infomaniak-mailbox";
import type { OrganisationSpecInput } from "pulumi-infomaniak-mailbox";
import { exportOrganisation } from "../../cli/export/exportOrganisation";
import { writeExport } from "../../cli/export/writeExport";
import { InfomaniakClient } from "../../provider/api/client";
import { loadSeed, QUICKSTART_SEED } from "../../simulator";
import type { EngineStack } from "../support/engineStack";
import { nonGetCount, simulatorStack } from "../support/engineStack";
import type { TestSimulator } from "../support/simulator";
import { SEED, startTestSimulator, testSettings, TOKENS } from "../support/simulator";
import { makeTempDir } from "../support/tempDir";

/** A second mail hosting of the webmail organisation, still on the legacy access family. */
const SHOP = 30;
const TOKEN_ENV = "ACME_INFOMANIAK_TOKEN";
const RENAMED_TOKEN_ENV = "ACME_TOKEN_RENAMED";
/** The stack's own token: were it used, every request would be refused. */
const STACK_TOKEN = "demo-token-unknown-0123456789";

function seed() {
  const base = loadSeed(QUICKSTART_SEED);
  return {
    ...base,
    mailHostings: [
      ...base.mailHostings,
      {
        id: SHOP,
        accountId: SEED.webmailAccount,
        customerName: "shop.example",
        domain: "shop.example",
        accessFamily: "legacy" as const,
      },
    ],
    mailboxes: [
      ...base.mailboxes,
      { mailHostingId: SHOP, name: "support" },
      { mailHostingId: SHOP, name: "orders" },
    ],
  };
}

const review = { reason: "Shop and support rota", owner: "it@acme.example", reviewAfter: "2027-06-30" };

/** One organisation, its members once, the sharing of both its mail hostings (same mailbox name on each). */
const spec = (tokenEnv: string): OrganisationSpecInput => ({
  organisation: {
    name: "acme",
    accountId: SEED.webmailAccount,
    mailHostingId: SEED.webmailHosting,
    tokenEnv,
  },
  members: [
    { email: "bruno@acme.example", firstName: "Bruno", lastName: "Keller", role: "admin", adopt: true },
    { email: "chloe@acme.example", firstName: "Chloé", lastName: "Rossi", role: "normal", adopt: true },
  ],
  mailboxes: [{ name: "support", grants: [{ member: "bruno@acme.example", preset: "delegate", ...review }] }],
  mailHostings: [
    {
      mailHostingId: SHOP,
      mailboxes: [
        { name: "support", grants: [{ member: "chloe@acme.example", preset: "readOnly", ...review }] },
        {
          name: "orders",
          mode: "authoritative",
          grants: [{ member: "bruno@acme.example", preset: "delegate", ...review }],
          invitations: [{ email: "courier@partner.example", preset: "readOnly", ...review }],
        },
      ],
    },
  ],
});

jest.setTimeout(300_000);

describe("one spec, two mail hostings (webmail and legacy family), the token in the variable tokenEnv names", () => {
  let sim: TestSimulator;
  let engine: EngineStack;
  let current = spec(TOKEN_ENV);
  const temp = makeTempDir("two-hostings");
  beforeAll(async () => {
    sim = await startTestSimulator({ seed: seed() });
    engine = await simulatorStack(
      sim,
      "two-hostings",
      () => {
        new Organisation({ spec: current });
      },
      { "infomaniak:token": STACK_TOKEN },
      undefined,
      { [TOKEN_ENV]: TOKENS.full, [RENAMED_TOKEN_ENV]: TOKENS.full },
    );
  });
  afterAll(async () => {
    engine.remove();
    temp.remove();
    await sim.stop();
  });

  it("up applies both hostings with the variable's token; a second preview changes nothing", async () => {
    const up = await engine.stack.up({ color: "never" });
    expect(up.summary.result).toBe("succeeded");
    const names = (await engine.exportedState()).resources
      .map((r) => r.urn.split("::").pop() ?? "")
      .filter((n) => n.startsWith("acme/"))
      .sort();
    // The first hosting's names are those of a one-hosting spec; the second's carry its id.
    expect(names).toEqual([
      "acme/30/orders/grant/bruno@acme.example",
      "acme/30/orders/invitation/courier@partner.example",
      "acme/30/orders/policy",
      "acme/30/support/grant/chloe@acme.example",
      "acme/member/bruno@acme.example",
      "acme/member/chloe@acme.example",
      "acme/support/grant/bruno@acme.example",
    ]);
    const state = await sim.admin.state();
    // Webmail: an access at once. Legacy: a member's grant is a link bound to their address.
    expect(state.accesses?.some((a) => a.mailHostingId === SEED.webmailHosting && a.userId === 2)).toBe(true);
    const shopLinks = (state.mailboxInvitations ?? [])
      .filter((x) => x.mailHostingId === SHOP)
      .map((x) => `${x.mailboxName} ${x.sentTo ?? ""}`)
      .sort();
    expect(shopLinks).toEqual([
      "orders bruno@acme.example",
      "orders courier@partner.example",
      "support chloe@acme.example",
    ]);
    const second = await engine.stack.preview({ color: "never" });
    expect(Object.keys(second.changeSummary)).toEqual(["same"]);
    // The state names the variable, never the token.
    const stored = engine.backendText();
    expect(stored).toContain(TOKEN_ENV);
    expect(stored).not.toContain(TOKENS.full);
  });

  it("exporting the organisation without a mail hosting writes both into one spec, which adopts without a write", async () => {
    const client = new InfomaniakClient(testSettings(sim.url));
    const { spec: exported } = await exportOrganisation(client, {
      accountId: SEED.webmailAccount,
      name: "acme-export",
      today: "2026-11-29",
    });
    await client.close();
    expect(exported.organisation.mailHostingId).toBe(SEED.webmailHosting);
    expect(exported.mailHostings.map((h) => h.mailHostingId)).toEqual([SHOP]);
    const file = writeExport(join(temp.path, "acme"), exported, "2026-11-29");
    expect(readFileSync(file, "utf8")).toContain(`mail hostings ${SEED.webmailHosting}, ${SHOP}.`);
    const adopted = await simulatorStack(sim, "two-hostings-export", () => {
      new Organisation({ spec: file });
    });
    try {
      await sim.admin.resetRequests();
      await adopted.stack.up({ color: "never" });
      expect(await nonGetCount(sim)).toBe(0);
      const again = await adopted.stack.preview({ color: "never" });
      expect(Object.keys(again.changeSummary)).toEqual(["same"]);
    } finally {
      adopted.remove();
    }
  });

  it("a renamed tokenEnv updates each state alone, without a request that writes, and refresh then uses it", async () => {
    current = spec(RENAMED_TOKEN_ENV);
    const preview = await engine.stack.preview({ color: "never" });
    // The seven resources above; the component and the stack stay the same.
    expect(preview.changeSummary).toEqual({ same: 2, update: 7 });
    await sim.admin.resetRequests();
    await engine.stack.up({ color: "never" });
    expect(await nonGetCount(sim)).toBe(0);
    const stored = (await engine.exportedState()).resources.filter((r) =>
      r.type.includes("dynamic/infomaniak:"),
    );
    expect(stored.map((r) => r.outputs?.["tokenEnv"])).toEqual(Array(7).fill(RENAMED_TOKEN_ENV));
    const refresh = await engine.stack.refresh({ color: "never" });
    expect(refresh.summary.resourceChanges).toEqual({ same: 9 });
  });

  it("a tokenEnv naming an unset variable fails the preview, naming the variable only", async () => {
    current = spec("ACME_TOKEN_NOT_SET");
    const failed = await engine.stack.preview({ color: "never" }).then(
      () => "",
      (error: unknown) => String(error),
    );
    expect(failed).toContain("No Infomaniak API token in ACME_TOKEN_NOT_SET");
    expect(failed).not.toContain(TOKENS.full);
  });
});
