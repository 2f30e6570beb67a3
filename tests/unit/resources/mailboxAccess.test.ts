import type { MailboxSharing } from "../../../provider/api/accessFamilies/accessFamily";
import type { AccountUser } from "../../../provider/api/schemas";
import { UNKNOWN } from "../../../provider/engine/protocol";
import type { Proposed } from "../../../provider/engine/defineResource";
import { tableDiff } from "../../../provider/engine/fields";
import * as rules from "../../../provider/resources/mailboxAccess/rules";
import { fields } from "../../../provider/resources/mailboxAccess/schema";
import type { MailboxTarget } from "../../../provider/resources/mailboxTarget";
import {
  checkedOf,
  grantPlan,
  invitedStanding,
  liveGrant,
  parseId,
  restrictedGrantFailures,
} from "../../../provider/resources/mailboxAccess/rules";
import type { Checked, State } from "../../../provider/resources/mailboxAccess/schema";
import { hiddenRightsNotice } from "../../../provider/resources/rightsShown";
import { wordingFor } from "../../../provider/resources/wording";

/** The diff the provider runs: the field table's, with the grant's exceptions. */
const diffGrant = (old: State, next: Proposed<Checked>) =>
  tableDiff(fields, rules.diffGrant, "id", old, next);

const target: MailboxTarget = {
  mailHostingId: 20,
  mailboxName: "info",
  address: "info@legacy.example",
  accountId: 200,
  family: "legacy",
  language: "de",
  shareableByInvitation: true,
};
const member = { userId: 6, email: "fabio@legacy.example", firstName: "Fabio", lastName: "Bianchi" };
const rights = { can_manage_filters: true };
const active: State = {
  ...checkedOf({ mailHostingId: 20, mailbox: "info", userEmail: member.email }, target, member, rights, {}),
  family: "legacy",
  status: "active",
  invitationKey: null,
  organisationInvitationId: null,
  lastWriteAt: 0,
};
const hour = () => Math.floor(Date.now() / 1000) + 3600;
const link = (sentTo: string, expiresAt = hour()) => ({
  key: "k1",
  shortUrl: "u",
  sentTo,
  expiresAt,
  permissions: rights,
});
const none: Pick<MailboxSharing, "accesses" | "invitations"> = { accesses: [], invitations: [] };

describe("MailboxAccess: the declaration checked", () => {
  it("names the mailbox and its organisation as resolved, the member by id", () => {
    expect(active).toMatchObject({
      mailHostingId: 20,
      mailbox: "info",
      accountId: 200,
      address: "info@legacy.example",
      userId: 6,
    });
  });
  it("someone still invited has no user id yet", () => {
    const invited = checkedOf(
      { mailHostingId: 20, mailbox: "info", userEmail: "new@legacy.example" },
      target,
      undefined,
      rights,
      {},
    );
    expect(invited.userId).toBeNull();
  });
  it("a restricted login identifier refuses the legacy family's grant by link", () => {
    const restricted = { ...target, shareableByInvitation: false };
    const failures = restrictedGrantFailures(restricted, { kind: "member", member }, wordingFor(undefined));
    expect(failures.map((f) => f.property)).toEqual(["mailbox"]);
    expect(failures[0]?.reason).toContain("info@legacy.example");
  });
  it("the webmail family grants directly: a restricted login identifier is no obstacle", () => {
    const webmail = { ...target, family: "webmail" as const, shareableByInvitation: false };
    expect(restrictedGrantFailures(webmail, { kind: "member", member }, wordingFor(undefined))).toEqual([]);
  });
  it("a grant riding on an invitation sends no link: no obstacle either", () => {
    const restricted = { ...target, shareableByInvitation: false };
    expect(
      restrictedGrantFailures(
        restricted,
        { kind: "invited", invitationId: 1, email: "x@y.example" },
        wordingFor(undefined),
      ),
    ).toEqual([]);
  });
});

/** A user of the organisation, by default someone invited and still pending. */
const user = (over: Partial<AccountUser>): AccountUser => ({
  user_id: null,
  invitation_id: null,
  email: "new@legacy.example",
  first_name: "N",
  last_name: "N",
  role_type: "normal",
  state_in_account: "pending",
  ...over,
});
const invited = { organisationInvitationId: 1000, userEmail: "new@legacy.example" };

describe("MailboxAccess: diff", () => {
  it("the same rights in any order: no change", () => {
    expect(diffGrant(active, { ...active, permissions: { can_manage_filters: true } })).toEqual({
      changes: false,
      replaces: [],
    });
  });
  it("someone invited who joins gets a user id: the same grant, not a replacement", () => {
    expect(diffGrant({ ...active, userId: null }, { ...active, userId: 6 })).toEqual({
      changes: false,
      replaces: [],
    });
    expect(diffGrant(active, { ...active, userId: null })).toEqual({ changes: false, replaces: [] });
  });
  it("another member, mailbox or hosting is another grant: replaced", () => {
    expect(diffGrant(active, { ...active, userId: 7 }).replaces).toEqual(["userId"]);
    expect(diffGrant(active, { ...active, mailbox: "office", mailHostingId: 21 }).replaces).toEqual([
      "mailHostingId",
      "mailbox",
    ]);
  });
  it("a member not known yet in preview may be another: replaced", () => {
    expect(diffGrant(active, { ...active, userId: UNKNOWN }).replaces).toEqual(["userId"]);
  });
  it("new rights change the grant in place", () => {
    expect(diffGrant(active, { ...active, permissions: { can_manage_filters: false } })).toEqual({
      changes: true,
      replaces: [],
    });
    expect(diffGrant(active, { ...active, permissions: UNKNOWN })).toEqual({ changes: true, replaces: [] });
  });
  it("a new review is a change stored without a call", () => {
    const review = { reason: "Answers customers", owner: "erika@legacy.example", reviewAfter: "2027-03-31" };
    expect(diffGrant(active, { ...active, review })).toEqual({ changes: true, replaces: [] });
  });
});

describe("MailboxAccess: how create gives a member access", () => {
  const legacy = "legacy" as const;
  it("nothing held: grant", () => {
    expect(grantPlan({}, legacy, member, none)).toEqual({ kind: "grant" });
  });
  it("an access held already: taken over with adopt, refused without", () => {
    const held = { ...none, accesses: [{ userId: 6, email: member.email, permissions: null }] };
    expect(grantPlan({ adopt: true }, legacy, member, held)).toEqual({
      kind: "adopt-access",
      permissions: null,
    });
    expect(grantPlan({}, legacy, member, held)).toEqual({ kind: "refuse" });
  });
  it("legacy: a live invitation sent to the member is not sent again (address in any case)", () => {
    const invited = { ...none, invitations: [link("Fabio@Legacy.example")] };
    expect(grantPlan({ adopt: true }, legacy, member, invited)).toMatchObject({
      kind: "adopt-link",
      link: { key: "k1" },
    });
    expect(grantPlan({}, legacy, member, invited)).toEqual({ kind: "refuse" });
  });
  it("legacy: an expired invitation is dead, so a new one is sent", () => {
    expect(grantPlan({}, legacy, member, { ...none, invitations: [link(member.email, 1)] })).toEqual({
      kind: "grant",
    });
  });
  it("webmail: a link sent to the member is no grant, so the grant goes ahead", () => {
    expect(
      grantPlan({ adopt: true }, "webmail", member, { ...none, invitations: [link(member.email)] }),
    ).toEqual({ kind: "grant" });
  });
});

describe("MailboxAccess: where a grant stands", () => {
  it("riding on an invitation still pending: still invited", () => {
    expect(invitedStanding(invited, [user({ invitation_id: 1000 })])).toBe("still invited");
  });
  it("joined: their user id, found by address", () => {
    expect(
      invitedStanding(invited, [
        user({ user_id: 9, email: "NEW@legacy.example", state_in_account: "valid" }),
      ]),
    ).toBe(9);
  });
  it("declined, cancelled or expired: neither", () => {
    expect(invitedStanding(invited, [])).toBeUndefined();
  });
  it("an access in the listing: active, with its rights", () => {
    const live = liveGrant(
      { ...active, status: "pending", invitationKey: "k1" },
      {
        accesses: [{ userId: 6, email: member.email, permissions: { can_manage_filters: false } }],
        invitations: [],
      },
    );
    expect(live).toMatchObject({
      status: "active",
      invitationKey: null,
      permissions: { can_manage_filters: false },
    });
  });
  it("rights the listing hides: the recorded ones are kept, and the read says it cannot see drift", () => {
    const hidden = { ...none, accesses: [{ userId: 6, email: member.email, permissions: null }] };
    expect(liveGrant(active, hidden)?.permissions).toEqual(rights);
    expect(hiddenRightsNotice(hidden, 6, "info@legacy.example")).toContain(
      "did not show the rights of fabio@legacy.example",
    );
    expect(hiddenRightsNotice(hidden, 7, "info@legacy.example")).toBeUndefined();
  });
  it("the pending link the state knows: pending, with the link's rights", () => {
    const pending = { ...active, status: "pending" as const, invitationKey: "k1" };
    expect(liveGrant(pending, { ...none, invitations: [link(member.email)] })).toMatchObject({
      status: "pending",
    });
  });
  it("neither: gone", () => {
    expect(liveGrant(active, none)).toBeUndefined();
  });
  it("ids: read from the id alone, the mailbox name decoded", () => {
    expect(parseId("20/info%2Bde/6")).toEqual({ mailHostingId: 20, mailbox: "info+de", userId: 6 });
    expect(parseId("20/info/invited/1000")).toBeUndefined();
  });
});

describe("MailboxAccess: other people's entries in the listing are not this grant's", () => {
  const otherAccess = { userId: 7, email: "gina@legacy.example", permissions: rights };

  it("another member's access: the grant goes ahead", () => {
    expect(grantPlan({ adopt: true }, "legacy", member, { ...none, accesses: [otherAccess] })).toEqual({
      kind: "grant",
    });
  });
  it("another member's access, or another link: the grant is gone", () => {
    expect(liveGrant(active, { ...none, accesses: [otherAccess] })).toBeUndefined();
    const pending = { ...active, status: "pending" as const, invitationKey: "k1" };
    expect(
      liveGrant(pending, { ...none, invitations: [{ ...link(member.email), key: "k2" }] }),
    ).toBeUndefined();
  });
  it("the invitation counts only while pending, and only its own id", () => {
    expect(invitedStanding(invited, [user({ invitation_id: 999 })])).toBeUndefined();
    expect(
      invitedStanding(invited, [user({ invitation_id: 1000, user_id: 9, state_in_account: "valid" })]),
    ).toBe(9);
  });
  it("the member who joined is the valid one with the invited address, not the first user", () => {
    const users = [
      user({ user_id: 7, invitation_id: 555 }),
      user({ user_id: 8, email: "other@legacy.example", state_in_account: "valid" }),
      user({ user_id: 9, state_in_account: "valid" }),
    ];
    expect(invitedStanding(invited, users)).toBe(9);
  });
  it("joining keeps only the member's id out of the replacements: another mailbox still replaces", () => {
    expect(diffGrant({ ...active, userId: null }, { ...active, userId: 6, mailbox: "office" })).toEqual({
      changes: true,
      replaces: ["mailbox"],
    });
  });
  it("an id is hosting/mailbox/user, and the adoption message names the way to adopt", () => {
    expect(rules.idOf({ mailHostingId: 20, mailbox: "info", userId: 6 })).toBe("20/info/6");
    expect(rules.adoptionMessage(target, member, wordingFor(undefined))).toBe(
      `fabio@legacy.example already has access (or a pending invitation) to info@legacy.example. To bring that access under this stack's management, ${wordingFor(undefined).adopt} (its permissions will then be set to the declared ones); or remove the access in the Manager first`,
    );
  });
});
