import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ASSUMPTIONS } from "../../cli/doctor/assumptions";
import type { HostingFinding, Inspection } from "../../cli/doctor/inspectApi";
import { verdicts } from "../../cli/doctor/verdicts";

const webmail: HostingFinding = {
  id: 10,
  family: "webmail",
  mailboxes: 2,
  shareFlagShown: 2,
  listing: { mailbox: "mailbox 1 of 2", kinds: { user_access: 1 }, omitted: [] },
};
const legacy: HostingFinding = {
  id: 20,
  family: "legacy",
  mailboxes: 1,
  shareFlagShown: 1,
  listing: { mailbox: "mailbox 1 of 1", kinds: { user: 1, invitation: 0 }, omitted: [] },
};

function inspection(hostings: HostingFinding[], change: Partial<Inspection> = {}): Inspection {
  return {
    accounts: [
      {
        id: 1,
        name: "Acme",
        users: { total: 3, pending: 1, paginated: false },
        hostings,
        otherProducts: 0,
      },
    ],
    limitHeaders: {},
    ...change,
  };
}

const verdictOf = (i: Inspection) => Object.fromEntries(verdicts(i).map((f) => [f.id, f.verdict]));

describe("doctor verdicts", () => {
  it("everything as assumed: holds, or not checked where nothing could show it", () => {
    expect(verdictOf(inspection([webmail, legacy]))).toEqual({
      token: "holds",
      accountUsersUnpaginated: "holds",
      mailHostingProducts: "holds",
      accessFamily: "holds",
      webmailListingKinds: "holds",
      teamAccessItem: "not checked",
      legacyListingOptionalFields: "holds",
      restrictedLoginIdentifier: "holds",
      rateLimit: "holds",
    });
  });

  it("each difference is named", () => {
    const odd: HostingFinding = {
      ...webmail,
      shareFlagShown: 1,
      listing: { mailbox: "m", kinds: { team_access: 1, "unknown: group_access": 2 }, omitted: [] },
    };
    const bare: HostingFinding = { ...legacy, listing: { ...legacy.listing!, omitted: ["invitations"] } };
    const found = verdicts(
      inspection([odd, bare], {
        limitHeaders: { "x-ratelimit-remaining": "59" },
      }),
    );
    const byId = Object.fromEntries(found.map((f) => [f.id, f]));
    expect(byId["webmailListingKinds"]).toMatchObject({
      verdict: "differs",
      seen: expect.stringContaining("group_access") as unknown,
    });
    expect(byId["teamAccessItem"]?.verdict).toBe("holds");
    expect(byId["legacyListingOptionalFields"]).toMatchObject({
      verdict: "differs",
      seen: "the listing left out: invitations",
    });
    expect(byId["restrictedLoginIdentifier"]).toMatchObject({
      verdict: "differs",
      seen: "1 of 3 mailbox(es) without the flag",
    });
    expect(byId["rateLimit"]).toMatchObject({
      verdict: "differs",
      seen: "rate-limit headers sent: x-ratelimit-remaining: 59",
    });
  });

  it("a token that reads nothing fails the token check and leaves the rest unchecked", () => {
    const found = verdicts({
      accounts: { error: "GET /1/accounts: 401 not_authorized: nope" },
      limitHeaders: {},
    });
    expect(found[0]).toEqual({
      id: "token",
      verdict: "failed",
      seen: "GET /1/accounts: 401 not_authorized: nope",
    });
    expect(found.slice(1).every((f) => f.verdict === "not checked")).toBe(true);
    expect(found).toHaveLength(Object.keys(ASSUMPTIONS).length);
  });

  it("a mail hosting whose listing errs fails the family check", () => {
    const broken: HostingFinding = {
      id: 30,
      family: "unknown",
      mailboxes: 1,
      shareFlagShown: 1,
      error: "boom",
    };
    expect(verdictOf(inspection([webmail, broken]))["accessFamily"]).toBe("failed");
  });

  it("the compatibility table (docs/live-organisation.md) lists every assumption", () => {
    // Prettier pads table cells: compare with runs of spaces collapsed.
    const page = readFileSync(join(__dirname, "../../docs/live-organisation.md"), "utf8").replace(/ +/g, " ");
    for (const a of Object.values(ASSUMPTIONS))
      expect(page).toContain(`| ${a.title} | ${a.source} | ${a.otherwise} |`);
  });
});
