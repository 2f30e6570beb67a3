import type { MailboxSharing } from "../../../provider/api/accessFamilies/accessFamily";
import { UNKNOWN } from "../../../provider/engine/protocol";
import type { Proposed } from "../../../provider/engine/defineResource";
import { tableDiff } from "../../../provider/engine/fields";
import * as rules from "../../../provider/resources/mailboxPolicy/rules";
import { fields } from "../../../provider/resources/mailboxPolicy/schema";
import {
  conflictFailure,
  contradictedAcknowledgements,
  plannedRevocation,
  revocationNotice,
  revokedAndBack,
  settleManagedUnknowns,
  unmanagedIn,
} from "../../../provider/resources/mailboxPolicy/rules";
import type { Checked, Declared, Unmanaged } from "../../../provider/resources/mailboxPolicy/schema";
import type { MailboxTarget } from "../../../provider/resources/mailboxTarget";

/** The diff the provider runs: the field table's, with the policy's exceptions. */
const diffPolicy = (old: object, next: Proposed<Checked>) =>
  tableDiff(fields, rules.diffPolicy, "id", old, next);

const hour = () => Math.floor(Date.now() / 1000) + 3600;
const sharing: MailboxSharing = {
  family: "webmail",
  accesses: [
    { userId: 2, email: "bruno@acme.example", permissions: { can_manage_filters: true } },
    { userId: 3, email: "Chloe@Acme.example", permissions: null },
    { userId: 9, email: "mallory@acme.example", permissions: { can_manage_filters: false } },
  ],
  invitations: [
    { key: "k1", shortUrl: "u1", sentTo: "guest@outside.example", expiresAt: hour(), permissions: {} },
    { key: "k2", shortUrl: "u2", sentTo: "old@outside.example", expiresAt: 1, permissions: {} },
    { key: "k3", shortUrl: "u3", sentTo: "", expiresAt: hour(), permissions: {} },
  ],
  teams: [{ teamId: 7, name: "Sales", permissions: { can_manage_filters: true } }],
  unknownItems: [{ keys: ["robot_id", "scope"] }],
};
const managed = { managedEmails: ["chloe@acme.example"], managedUserIds: [2, null], managedLinkKeys: [] };

function declared(over: Partial<Declared> = {}): Declared {
  return {
    mailHostingId: 10,
    mailbox: "support",
    mode: "authoritative",
    ...managed,
    acknowledged: [],
    ...over,
  };
}

describe("MailboxPolicy: who the listing shows beyond the declaration", () => {
  const labels = unmanagedIn(sharing, managed).map((u) => `${u.kind} ${u.label}`);

  it("managed people are left out, by user id or by address in any case", () => {
    expect(labels.some((l) => l.includes("bruno") || l.toLowerCase().includes("chloe"))).toBe(false);
  });
  it("undeclared accesses and live links are listed; expired links are dead and are not", () => {
    expect(labels).toEqual(
      expect.arrayContaining(["access mallory@acme.example", "invitation guest@outside.example"]),
    );
    expect(labels.some((l) => l.includes("old@outside.example"))).toBe(false);
  });
  it("a link not sent yet, a team and an item of unknown kind are shown, by name", () => {
    expect(labels).toEqual(
      expect.arrayContaining([
        "invitation an unsent link",
        "team team 7 (Sales)",
        "unknown an item of unknown kind (robot_id, scope)",
      ]),
    );
    expect(labels).toHaveLength(5);
  });
  it("a link the program declares is its own by its key, sent or not: the unsent one is not listed", () => {
    const own = unmanagedIn(sharing, { ...managed, managedLinkKeys: ["k3"] }).map(
      (u) => `${u.kind} ${u.label}`,
    );
    expect(own).toEqual(labels.filter((l) => l !== "invitation an unsent link"));
    // A declared key says nothing about other links, nor about accesses.
    const other = unmanagedIn(sharing, { ...managed, managedLinkKeys: ["k9"] }).map(
      (u) => `${u.kind} ${u.label}`,
    );
    expect(other).toEqual(labels);
  });
});

describe("MailboxPolicy: acknowledgements an authoritative mailbox contradicts", () => {
  const unmanaged = unmanagedIn(sharing, managed);
  const ack = (who: string) => ({ who, reason: "in transition", owner: "it@acme.example" });

  it("an acknowledged person on an authoritative mailbox would be revoked all the same: refused", () => {
    const failures = contradictedAcknowledgements(
      declared({ acknowledged: [ack("MALLORY@acme.example")] }),
      unmanaged,
    );
    expect(failures.map((f) => f.property)).toEqual(["acknowledged[0]"]);
    expect(failures[0]?.reason).toContain("or use mode report-only");
  });
  it("report-only: acknowledging is what it is for", () => {
    expect(
      contradictedAcknowledgements(
        declared({ mode: "report-only", acknowledged: [ack("mallory@acme.example")] }),
        unmanaged,
      ),
    ).toEqual([]);
  });
  it("a team is never revoked, so acknowledging it contradicts nothing", () => {
    expect(
      contradictedAcknowledgements(declared({ acknowledged: [ack("team 7 (Sales)")] }), unmanaged),
    ).toEqual([]);
  });
});

describe("MailboxPolicy: diff", () => {
  const team: Unmanaged = {
    kind: "team",
    email: "",
    userId: null,
    key: null,
    teamId: 7,
    label: "team 7",
    permissions: {},
  };
  const person: Unmanaged = {
    ...team,
    kind: "access",
    email: "m@x.example",
    userId: 9,
    teamId: null,
    label: "m",
  };
  const old: Pick<Checked, "mailHostingId" | "mailbox" | "mode" | "unmanaged"> = {
    mailHostingId: 10,
    mailbox: "support",
    mode: "report-only",
    unmanaged: [team, person],
  };

  it("the same people in another order: no change", () => {
    expect(diffPolicy(old, { ...old, unmanaged: [person, team] })).toEqual({ changes: false, replaces: [] });
  });
  it("another address declared is an update (found by the oracle: its refresh listed the new grant as undeclared)", () => {
    const declared = { ...old, managedEmails: ["a@x.example"], managedUserIds: [], managedLinkKeys: [] };
    expect(diffPolicy(declared, { ...declared, managedEmails: ["a@x.example", "d@x.example"] }).changes).toBe(
      true,
    );
    expect(diffPolicy(declared, { ...declared, managedEmails: ["A@x.example"] }).changes).toBe(false);
    expect(diffPolicy(declared, { ...declared, managedEmails: [UNKNOWN] }).changes).toBe(false);
  });
  it("another mailbox, or one not known yet, replaces the policy", () => {
    expect(diffPolicy(old, { ...old, mailbox: "sales" }).replaces).toEqual(["mailbox"]);
    expect(diffPolicy(old, { ...old, mailHostingId: UNKNOWN }).replaces).toEqual(["mailHostingId"]);
  });
  it("authoritative with someone revocable: a change, even when a refresh recorded them", () => {
    expect(diffPolicy({ ...old, mode: "authoritative" }, { ...old, mode: "authoritative" }).changes).toBe(
      true,
    );
  });
  it("authoritative with only a team left: nothing to do", () => {
    const teamOnly = { ...old, mode: "authoritative" as const, unmanaged: [team] };
    expect(diffPolicy(teamOnly, teamOnly).changes).toBe(false);
  });
  it("an apply revokes only the accesses and links its check listed, never a team", () => {
    const link: Unmanaged = { ...person, kind: "invitation", email: "g@x.example", userId: null, key: "k1" };
    expect(plannedRevocation([person, link], person)).toBe(true);
    expect(plannedRevocation([person, link], { ...link, permissions: { can_manage_filters: true } })).toBe(
      true,
    );
    // Granted after the check: another user, another link, or the same person by a link.
    expect(plannedRevocation([person], { ...person, userId: 8 })).toBe(false);
    expect(plannedRevocation([link], { ...link, key: "k2" })).toBe(false);
    expect(plannedRevocation([person], { ...link, email: person.email })).toBe(false);
    expect(plannedRevocation([team], team)).toBe(false);
  });
  it("someone the last run revoked who is back is a conflict, named with the way out; anyone else is not", () => {
    expect(revokedAndBack([person], [team, person])).toEqual([person]);
    expect(revokedAndBack([person], [team])).toEqual([]);
    expect(revokedAndBack([{ ...person, userId: 8, email: "n@x.example" }], [person])).toEqual([]);
    // A team is never revoked, so never "back".
    expect(revokedAndBack([team], [team])).toEqual([]);
    expect(conflictFailure("support@acme.example", [person])).toEqual({
      property: "managedEmails",
      reason: expect.stringMatching(
        /^support@acme\.example is authoritative, and m has access again after its last run revoked it: .*\[conflicting_declarations\]\. Declare them on this mailbox/,
      ) as unknown,
    });
  });
  it("a new undeclared person, a change of mode, or a listing not known yet: a change", () => {
    expect(diffPolicy(old, { ...old, unmanaged: [team] }).changes).toBe(true);
    expect(diffPolicy(old, { ...old, unmanaged: UNKNOWN }).changes).toBe(true);
    // The mode alone: only a team is listed (never revoked), the same before and after.
    const teamOnly = { ...old, unmanaged: [team] };
    expect(diffPolicy(teamOnly, teamOnly).changes).toBe(false);
    expect(diffPolicy(teamOnly, { ...teamOnly, mode: "authoritative" })).toEqual({
      changes: true,
      replaces: [],
    });
    expect(diffPolicy({ ...teamOnly, mode: "authoritative" }, teamOnly).changes).toBe(true);
  });
});

describe("MailboxPolicy: what the preview says it revokes", () => {
  const unmanaged = unmanagedIn(sharing, managed);
  const revoking = unmanaged.filter((u) => u.kind === "access" || u.kind === "invitation");

  it("names each person or link it revokes, with its kind", () => {
    expect(revocationNotice("support@acme.example", revoking)).toBe(
      "support@acme.example is authoritative: up revokes what it does not declare: mallory@acme.example (access), guest@outside.example (invitation link), an unsent link (invitation link)",
    );
  });
  it("says nothing when it revokes nobody", () => {
    expect(revocationNotice("support@acme.example", [])).toBeUndefined();
  });
});

describe("MailboxPolicy: the preview stands in for its own links' unknown outputs", () => {
  const news = { mailbox: "support", managedEmails: ["g@outside.example"] };
  const previous = { managedUserIds: [7], managedLinkKeys: ["k1", "k2"] };

  it("an unknown key or id (a declared link changing): the last check's ones stand in, known ones kept", () => {
    expect(
      settleManagedUnknowns(
        { ...news, managedUserIds: [UNKNOWN], managedLinkKeys: ["k3", UNKNOWN] },
        previous,
      ),
    ).toEqual({ ...news, managedUserIds: [7], managedLinkKeys: ["k3", "k1", "k2"] });
    expect(settleManagedUnknowns({ ...news, managedLinkKeys: UNKNOWN }, previous)).toEqual({
      ...news,
      managedLinkKeys: ["k1", "k2"],
    });
  });
  it("nothing unknown, or no last check (a first preview): the inputs as they are", () => {
    const known = { ...news, managedUserIds: [8], managedLinkKeys: ["k9"] };
    expect(settleManagedUnknowns(known, previous)).toEqual(known);
    const first = { ...news, managedLinkKeys: [UNKNOWN] };
    expect(settleManagedUnknowns(first, undefined)).toEqual(first);
    // Other inputs are never stood in for.
    expect(settleManagedUnknowns({ ...news, mode: UNKNOWN }, { ...previous, mode: "authoritative" })).toEqual(
      {
        ...news,
        mode: UNKNOWN,
      },
    );
  });
});

describe("MailboxPolicy: exact expectations", () => {
  const base = { teamId: null, key: null };
  it("the listing beyond the declaration, entry by entry", () => {
    expect(unmanagedIn(sharing, managed)).toEqual([
      {
        ...base,
        kind: "access",
        email: "mallory@acme.example",
        userId: 9,
        label: "mallory@acme.example",
        permissions: { can_manage_filters: false },
      },
      {
        ...base,
        kind: "invitation",
        email: "guest@outside.example",
        userId: null,
        key: "k1",
        label: "guest@outside.example",
        permissions: {},
      },
      {
        ...base,
        kind: "invitation",
        email: "",
        userId: null,
        key: "k3",
        label: "an unsent link",
        permissions: {},
      },
      {
        kind: "team",
        email: "",
        userId: null,
        key: null,
        teamId: 7,
        label: "team 7 (Sales)",
        permissions: { can_manage_filters: true },
      },
      {
        ...base,
        kind: "unknown",
        email: "",
        userId: null,
        label: "an item of unknown kind (robot_id, scope)",
        permissions: null,
      },
    ]);
  });
  it("a person managed by id alone or by address alone is left out; a team without a name, an item without keys, named", () => {
    const listing: MailboxSharing = {
      ...sharing,
      invitations: [],
      teams: [{ teamId: 8, name: "", permissions: {} }],
      unknownItems: [{ keys: [] }],
    };
    const byId = { managedEmails: [], managedUserIds: [2, 3, 9], managedLinkKeys: [] };
    expect(unmanagedIn(listing, byId).map((u) => u.label)).toEqual([
      "team 8",
      "an item of unknown kind (no keys)",
    ]);
    const byAddress = {
      managedEmails: ["bruno@acme.example", "chloe@acme.example", "MALLORY@acme.example"],
      managedUserIds: [],
      managedLinkKeys: [],
    };
    expect(unmanagedIn(listing, byAddress).map((u) => u.label)).toEqual([
      "team 8",
      "an item of unknown kind (no keys)",
    ]);
  });
  it("checked: an authoritative mailbox revokes the people and links beyond it, report-only nothing", () => {
    const target: MailboxTarget = {
      mailHostingId: 10,
      mailboxName: "support",
      address: "support@acme.example",
      accountId: 1,
      family: "webmail",
      language: "en",
      shareableByInvitation: true,
    };
    const unmanaged = unmanagedIn(sharing, managed);
    expect(rules.checkedOf(declared(), target, unmanaged).revoking).toEqual(unmanaged.slice(0, 3));
    expect(rules.checkedOf(declared({ mode: "report-only" }), target, unmanaged).revoking).toEqual([]);
  });
  it("back after a revocation: by the same user id, the same link key or the same address, never by an empty one", () => {
    const access: Unmanaged = {
      ...base,
      kind: "access",
      email: "m@x.example",
      userId: 9,
      label: "m",
      permissions: {},
    };
    const unsent: Unmanaged = {
      ...base,
      kind: "invitation",
      email: "",
      userId: null,
      key: "k1",
      label: "an unsent link",
      permissions: {},
    };
    expect(revokedAndBack([access], [{ ...access, email: "other@x.example" }])).toEqual([access]);
    expect(revokedAndBack([access], [{ ...access, userId: 8, email: "M@X.example" }])).toEqual([access]);
    expect(revokedAndBack([access], [{ ...access, userId: 8, email: "other@x.example" }])).toEqual([]);
    expect(revokedAndBack([unsent], [{ ...unsent, key: "k1" }])).toEqual([unsent]);
    expect(revokedAndBack([unsent], [{ ...unsent, key: "k2" }])).toEqual([]);
    // An unsent link's revocation says nothing of an access with no address nor of one by id alone.
    expect(revokedAndBack([{ ...unsent, key: null }], [{ ...access, email: "" }])).toEqual([]);
    expect(
      revokedAndBack([{ ...access, userId: null }], [{ ...access, userId: null, email: "n@x.example" }]),
    ).toEqual([]);
  });
  it("the conflict names one person or several, in the right grammar", () => {
    const person = (label: string): Unmanaged => ({
      ...base,
      kind: "access",
      email: `${label}@x.example`,
      userId: 1,
      label,
      permissions: {},
    });
    const tail = (n: "one" | "several") =>
      `revoked it: another stack, or someone in the Manager, grants it. Revoking it again would undo that grant at every run, and it would undo this [conflicting_declarations]. Declare ${n === "one" ? "them" : "each"} on this mailbox (a grant or an invitation, or managedEmails), or remove the other declaration and revoke the access in the Manager; then run again`;
    expect(conflictFailure("s@x.example", [person("ann")]).reason).toBe(
      `s@x.example is authoritative, and ann has access again after its last run ${tail("one")}`,
    );
    expect(conflictFailure("s@x.example", [person("ann"), person("bob")]).reason).toBe(
      `s@x.example is authoritative, and ann, bob have access again after its last run ${tail("several")}`,
    );
  });
});
