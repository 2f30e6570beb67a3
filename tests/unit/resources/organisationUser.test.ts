import type { AccountInvitation } from "../../../provider/api/schemas";
import { AccountUser } from "../../../provider/api/schemas";
import { UNKNOWN } from "../../../provider/engine/protocol";
import type { Proposed } from "../../../provider/engine/defineResource";
import { tableDiff } from "../../../provider/engine/fields";
import * as rules from "../../../provider/resources/organisationUser/rules";
import { fields } from "../../../provider/resources/organisationUser/schema";
import {
  checkedOf,
  idOf,
  invitationState,
  liveMember,
  membershipFailures,
  roleChangeRefusal,
} from "../../../provider/resources/organisationUser/rules";
import type { Checked, State } from "../../../provider/resources/organisationUser/schema";

/** The diff the provider runs: the field table's, with the member's exceptions. */
const diffMember = (old: State, next: Proposed<Checked>) =>
  tableDiff(fields, rules.diffMember, "id", old, next);

const checked: Checked = checkedOf({
  accountId: 100,
  email: "emma@acme.example",
  firstName: "Emma",
  lastName: "Dubois",
});
const pending: State = {
  ...checked,
  userId: null,
  invitationId: 7,
  status: "pending",
  inviteUrl: "https://x/7",
};
const accepted: State = { ...checked, userId: 5, invitationId: null, status: "accepted", inviteUrl: null };

function person(over: Partial<AccountUser> = {}): AccountUser {
  return {
    user_id: 5,
    invitation_id: null,
    email: "Emma@Acme.example",
    first_name: "Emma",
    last_name: "Dubois",
    role_type: "normal",
    state_in_account: "valid",
    ...over,
  };
}

function invitation(over: Partial<AccountInvitation> = {}): AccountInvitation {
  return {
    id: 7,
    account_id: 100,
    email: "emma@acme.example",
    first_name: "Emma",
    last_name: "Dubois",
    status: "pending",
    role_type: "normal",
    locale: "en_GB",
    expired_at: Math.floor(Date.now() / 1000) + 3600,
    url_accept: "https://x/7",
    ...over,
  };
}

describe("OrganisationUser: the declaration's defaults", () => {
  it("invites in English as a normal member unless told otherwise", () => {
    expect(checked).toEqual({
      accountId: 100,
      email: "emma@acme.example",
      firstName: "Emma",
      lastName: "Dubois",
      locale: "en_GB",
      role: "normal",
    });
  });
  it("keeps adopt only when declared", () => {
    expect(checkedOf({ ...checked, adopt: false }).adopt).toBe(false);
    expect("adopt" in checked).toBe(false);
  });
});

describe("OrganisationUser: what the member list says of a declaration", () => {
  const reasons = (...args: Parameters<typeof membershipFailures>) =>
    membershipFailures(...args).map((f) => `${f.property}: ${f.reason}`);

  it("a new person is invited: nothing to say", () => {
    expect(reasons(checked, undefined, true)).toEqual([]);
  });
  it("adopt consents to taking over, never to inviting: nothing to adopt is refused", () => {
    expect(reasons({ ...checked, adopt: true }, undefined, true)).toEqual([
      expect.stringMatching(/^adopt: emma@acme.example is neither a member .* there is nothing to adopt/),
    ]);
  });
  it("a member met on the first check needs adopt (case of the address ignored)", () => {
    expect(reasons(checked, person({ role_type: "admin" }), true)).toEqual([
      expect.stringContaining(
        "adopt: emma@acme.example is already a member (role admin) in organisation 100",
      ),
    ]);
  });
  it("someone already invited needs adopt too", () => {
    expect(reasons(checked, person({ state_in_account: "pending", user_id: null }), true)).toEqual([
      expect.stringContaining("already has a pending invitation"),
    ]);
  });
  it("an adopted member's role must match: the API cannot change it", () => {
    expect(reasons({ ...checked, adopt: true, role: "admin" }, person(), true)).toEqual([
      expect.stringContaining(
        'role: role "admin" is declared for emma@acme.example, who has accepted and is "normal"',
      ),
    ]);
  });
  it("once in the state, the same member is no reason to refuse", () => {
    expect(reasons(checked, person(), false)).toEqual([]);
  });
  it("once in the state, someone who left is no failure: refresh tells", () => {
    expect(reasons(checked, undefined, false)).toEqual([]);
  });
  it("an invited person's declared role is not compared with the member list", () => {
    expect(reasons({ ...checked, role: "admin" }, person({ state_in_account: "pending" }), false)).toEqual(
      [],
    );
  });
});

describe("OrganisationUser: diff", () => {
  it("nothing declared differently: no change", () => {
    expect(diffMember(pending, checked)).toEqual({ changes: false, replaces: [] });
  });
  it("the same address in other case is the same person", () => {
    expect(diffMember(accepted, { ...checked, email: "EMMA@acme.example" })).toEqual({
      changes: false,
      replaces: [],
    });
  });
  it("another address or organisation is another person: replaced", () => {
    expect(diffMember(accepted, { ...checked, email: "emma@other.example" }).replaces).toEqual(["email"]);
    expect(diffMember(accepted, { ...checked, accountId: 200 }).replaces).toEqual(["accountId"]);
  });
  it("an address not known yet in preview may be another person", () => {
    expect(diffMember(accepted, { ...checked, email: UNKNOWN })).toEqual({
      changes: true,
      replaces: ["email"],
    });
  });
  it("names and locale re-send a pending invitation", () => {
    expect(diffMember(pending, { ...checked, firstName: "Emmy", locale: "fr_FR" }).replaces).toEqual([
      "firstName",
      "locale",
    ]);
  });
  it("names and locale leave an accepted member alone", () => {
    expect(diffMember(accepted, { ...checked, lastName: "Other" })).toEqual({ changes: false, replaces: [] });
  });
  it("a role changes in place", () => {
    expect(diffMember(pending, { ...checked, role: "admin" })).toEqual({ changes: true, replaces: [] });
  });
});

describe("OrganisationUser: where someone stands", () => {
  it("an invitation past its expiry is expired, not pending", () => {
    const past = invitation({ expired_at: Math.floor(Date.now() / 1000) - 1 });
    expect(invitationState(checked, past, undefined).status).toBe("expired");
    expect(invitationState(checked, invitation(), undefined).status).toBe("pending");
  });
  it("an invitation without expiry stays pending", () => {
    expect(invitationState(checked, invitation({ expired_at: null }), undefined).status).toBe("pending");
  });
  it("an accepted invitation records the member's user id", () => {
    expect(invitationState(checked, invitation({ status: "accepted" }), person())).toMatchObject({
      status: "accepted",
      userId: 5,
      invitationId: 7,
    });
  });
  it("an adopted member who left is gone", () => {
    expect(liveMember(accepted, undefined, undefined)).toBeUndefined();
  });
  it("an adopted member keeps a role the provider does not know as stored", () => {
    // As Infomaniak would send it: a role this client does not know, kept as sent.
    const billing = AccountUser.shape.role_type.parse("billing");
    expect(liveMember(accepted, person({ role_type: billing }), undefined)?.role).toBe("normal");
    expect(liveMember(accepted, person({ role_type: "admin" }), undefined)?.role).toBe("admin");
  });
  it("an invitation cancelled or missing is gone, so the next up invites again", () => {
    expect(liveMember(pending, undefined, invitation({ status: "cancelled" }))).toBeUndefined();
    expect(liveMember(pending, undefined, undefined)).toBeUndefined();
  });
  it("an invitation rejected is kept, with its status", () => {
    expect(liveMember(pending, undefined, invitation({ status: "rejected" }))?.status).toBe("rejected");
  });
  it("ids: a member by user id, someone invited by invitation id", () => {
    expect(idOf(accepted)).toBe("100/user/5");
    expect(idOf(pending)).toBe("100/invitation/7");
  });
});

describe("OrganisationUser: role changes", () => {
  it("the same role: nothing to refuse", () => {
    expect(roleChangeRefusal(accepted, "normal")).toBeUndefined();
  });
  it("a pending or expired invitation's role can change", () => {
    expect(roleChangeRefusal(pending, "admin")).toBeUndefined();
    expect(roleChangeRefusal({ ...pending, status: "expired" }, "admin")).toBeUndefined();
  });
  it("an accepted member's role cannot: the message says where to change it", () => {
    expect(roleChangeRefusal(accepted, "admin")).toContain("change the role in the Manager");
  });
});

describe("OrganisationUser: exact expectations", () => {
  it("the member the state names: valid, by user id once known, else by address", () => {
    const other = person({ user_id: 6, email: "other@acme.example" });
    expect(
      rules.memberOf(accepted, [other, person({ user_id: 5, email: "renamed@acme.example" })])?.user_id,
    ).toBe(5);
    expect(rules.memberOf(accepted, [person({ user_id: 6 })])).toBeUndefined();
    expect(rules.memberOf({ ...accepted, userId: null }, [other, person({ user_id: 8 })])?.user_id).toBe(8);
    expect(rules.memberOf(accepted, [person({ state_in_account: "pending" })])).toBeUndefined();
  });
  it("a role is refused unless the state is a pending or expired invitation", () => {
    expect(roleChangeRefusal({ ...pending, invitationId: null }, "admin")).toBeDefined();
    expect(roleChangeRefusal({ ...accepted, invitationId: 7 }, "admin")).toBe(
      'role "admin" is declared for emma@acme.example, who has accepted and is "normal" in the organisation; the public Infomaniak API cannot change an accepted member\'s role: declare role "normal", or change the role in the Manager (Users and rights) and then here',
    );
  });
  it("what a removed resource leaves, word for word", () => {
    expect(rules.memberGoneMessage(accepted)).toBe(
      "emma@acme.example is no longer managed by this stack, and is no longer a member of organisation 100 (removed outside this stack): nothing is left to do",
    );
    expect(rules.memberStaysMessage(accepted)).toBe(
      "emma@acme.example is no longer managed by this stack but stays a member of organisation 100: the public Infomaniak API cannot remove members. If they leave, remove them in the Manager (Users and rights)",
    );
  });
});
