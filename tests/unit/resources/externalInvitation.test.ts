import { UNKNOWN } from "../../../provider/engine/protocol";
import type { Proposed } from "../../../provider/engine/defineResource";
import { fieldChanges } from "../../../provider/engine/fields";
import * as rules from "../../../provider/resources/externalInvitation/rules";
import { fields } from "../../../provider/resources/externalInvitation/schema";
import type { MailboxTarget } from "../../../provider/resources/mailboxTarget";
import { checkedOf, idOf, isExpired, liveState } from "../../../provider/resources/externalInvitation/rules";
import type { Checked, State } from "../../../provider/resources/externalInvitation/schema";
import { wordingFor } from "../../../provider/resources/wording";

/** The diff the provider runs: the field table's, with the link's exceptions and warnings. */
const diffInvitation = (id: string, old: State, next: Proposed<Checked>) =>
  rules.diffInvitation(fieldChanges(fields, old, next), old, next, id);

const target: MailboxTarget = {
  mailHostingId: 10,
  mailboxName: "support",
  address: "support@acme.example",
  accountId: 100,
  family: "webmail",
  language: "fr",
  shareableByInvitation: true,
};
const rights = { can_manage_filters: false };
const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
const pending: State = {
  ...checkedOf({ mailHostingId: 10, mailbox: "support", email: "guest@outside.example" }, target, rights, {}),
  family: "webmail",
  key: "k1",
  shortUrl: "https://x/k1",
  status: "pending",
  expiresAt: inAnHour,
  acceptedUserId: null,
  lastWriteAt: 0,
};
const expired: State = { ...pending, expiresAt: "2020-01-01T00:00:00.000Z" };
const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

describe("ExternalInvitation: the declaration checked", () => {
  it("is e-mailed, in the organisation's language, and reported (not re-sent) on expiry by default", () => {
    expect(pending).toMatchObject({
      send: true,
      language: "fr",
      onExpiry: "report",
      address: "support@acme.example",
    });
  });
  it("keeps what is declared over the defaults", () => {
    const declared = {
      mailHostingId: 10,
      mailbox: "support",
      email: "g@o.example",
      send: false,
      language: "de" as const,
      onExpiry: "reinvite" as const,
    };
    expect(checkedOf(declared, target, rights, {})).toMatchObject({
      send: false,
      language: "de",
      onExpiry: "reinvite",
    });
  });
  it("ids carry the link's key", () => {
    expect(idOf(pending)).toBe("10/support/invitation/k1");
  });
});

describe("ExternalInvitation: expiry", () => {
  it("a pending link past its date is expired; an accepted one never is", () => {
    expect(isExpired(expired)).toBe(true);
    expect(isExpired(pending)).toBe(false);
    expect(isExpired({ ...expired, status: "accepted" })).toBe(false);
  });
});

describe("ExternalInvitation: diff", () => {
  it("nothing declared differently: no change", () => {
    expect(diffInvitation("id", pending, pending)).toEqual({
      result: { changes: false, replaces: [], deleteBeforeReplace: false },
      warnings: [],
    });
  });
  it("another address (not another case) or mailbox: replaced, the old link going first", () => {
    expect(diffInvitation("id", pending, { ...pending, email: "GUEST@outside.example" }).result.changes).toBe(
      false,
    );
    expect(diffInvitation("id", pending, { ...pending, email: "other@outside.example" }).result).toEqual({
      changes: true,
      replaces: ["email"],
      deleteBeforeReplace: true,
    });
    expect(diffInvitation("id", pending, { ...pending, mailbox: UNKNOWN }).result.replaces).toEqual([
      "mailbox",
    ]);
  });
  it("new rights are an update, never a replacement", () => {
    expect(
      diffInvitation("id", pending, { ...pending, permissions: { can_manage_filters: true } }).result,
    ).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });
  it("a right the link's PATCH carries: changed in place, nothing to announce", () => {
    const { warnings } = diffInvitation("id", pending, {
      ...pending,
      permissions: { can_manage_filters: true },
    });
    expect(warnings).toEqual([]);
  });
  it("a webmail-only right on a pending link: the preview says the link is replaced, and who gets the new one", () => {
    const rules = { ...pending, permissions: { ...pending.permissions, can_manage_rules: true } };
    expect(diffInvitation("10/support/invitation/k1", pending, rules)).toEqual({
      result: { changes: true, replaces: [], deleteBeforeReplace: false },
      warnings: [
        "The pending invitation link of guest@outside.example to support@acme.example (10/support/invitation/k1) cannot take the new rights in place: at up, the link is cancelled and guest@outside.example is e-mailed a new one",
      ],
    });
    expect(diffInvitation("id", pending, { ...rules, send: false }).warnings[0]).toMatch(
      /the link is cancelled and a new one is created, not e-mailed \(send: false\)$/,
    );
    // Accepted: the rights are set on the access; nothing is cancelled.
    expect(diffInvitation("id", { ...pending, status: "accepted" }, rules).warnings).toEqual([]);
  });
  it("expired with onExpiry reinvite: a new link replaces it", () => {
    expect(diffInvitation("id", expired, { ...expired, onExpiry: "reinvite" }).result.replaces).toEqual([
      "expiresAt",
    ]);
  });
  it("expired with onExpiry report: nothing changes, and a warning says so", () => {
    const { result, warnings } = diffInvitation("10/support/invitation/k1", expired, expired);
    expect(result.changes).toBe(false);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(
      "guest@outside.example to support@acme.example (10/support/invitation/k1) expired on 2020-01-01",
    );
  });
});

/** A listing with these accesses and, given an expiry, one link to the guest (key k1 unless told). */
const listing = (over: {
  accesses?: { userId: number; email: string; permissions: Record<string, boolean> | null }[];
  expiresAt?: number;
  key?: string;
}) => ({
  family: "webmail" as const,
  accesses: over.accesses ?? [],
  invitations:
    over.expiresAt === undefined
      ? []
      : [
          {
            key: over.key ?? "k1",
            shortUrl: "u",
            sentTo: "guest@outside.example",
            expiresAt: over.expiresAt,
            permissions: rights,
          },
        ],
  teams: [],
  unknownItems: [],
});

describe("ExternalInvitation: where the link stands", () => {
  it("still listed: pending, with the listing's expiry", () => {
    expect(liveState(pending, listing({ expiresAt: seconds(inAnHour) }))).toMatchObject({
      status: "pending",
    });
  });
  it("listed past its expiry: expired", () => {
    expect(liveState(pending, listing({ expiresAt: 1 }))?.status).toBe("expired");
  });
  it("accepted: an access of the invited address (any case), tracked by user id from then on", () => {
    const live = liveState(
      pending,
      listing({ accesses: [{ userId: 42, email: "Guest@Outside.example", permissions: rights }] }),
    );
    expect(live).toMatchObject({ status: "accepted", acceptedUserId: 42 });
  });
  it("accepted earlier and still there under its user id, whatever the address shown", () => {
    const accepted = { ...pending, status: "accepted" as const, acceptedUserId: 42 };
    expect(
      liveState(
        accepted,
        listing({ accesses: [{ userId: 42, email: "renamed@x.example", permissions: rights }] }),
      )?.status,
    ).toBe("accepted");
  });
  it("neither a link nor an access: gone", () => {
    expect(liveState(pending, listing({}))).toBeUndefined();
  });
});

describe("ExternalInvitation: exact expectations", () => {
  it("another link to the same address is not this one; another user's access is not its acceptance", () => {
    expect(liveState(pending, listing({ expiresAt: seconds(inAnHour), key: "k2" }))).toBeUndefined();
    const accepted = { ...pending, status: "accepted" as const, acceptedUserId: 42 };
    expect(
      liveState(
        accepted,
        listing({ accesses: [{ userId: 7, email: "guest@outside.example", permissions: rights }] }),
      ),
    ).toBeUndefined();
  });
  it("a replaced invitation (another mailbox) announces no link replacement", () => {
    const next = {
      ...pending,
      mailbox: "sales",
      permissions: { ...pending.permissions, can_manage_rules: true },
    };
    expect(diffInvitation("id", pending, next)).toEqual({
      result: { changes: true, replaces: ["mailbox"], deleteBeforeReplace: true },
      warnings: [],
    });
  });
  it("the adoption message, word for word", () => {
    const wording = wordingFor(undefined);
    expect(rules.adoptionMessage("guest@outside.example", "support@acme.example", wording)).toBe(
      `guest@outside.example already has access to support@acme.example, or a pending invitation link to it. To bring it under this stack's management, ${wording.adopt}; or remove it in the Manager first`,
    );
  });
});
