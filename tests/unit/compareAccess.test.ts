import { compareWithDeclarations } from "../../cli/access/compareAccess";
import type { Declaration } from "../../cli/access/declaredAccess";
import type { HeldAccess, HeldAccessRead } from "../../cli/access/heldAccess";

const acme = { id: 100, name: "Acme SA" };
const mailbox = (name: string, mailHostingId = 10) => ({
  organisation: acme,
  mailHostingId,
  name,
  address: `${name}@acme.example`,
});
const held = (over: Partial<HeldAccess> & Pick<HeldAccess, "who" | "kind">): HeldAccess => ({
  organisation: acme,
  mailHostingId: 10,
  mailbox: "support@acme.example",
  userId: null,
  rights: [],
  ...over,
});
const declared = (over: Partial<Declaration> & Pick<Declaration, "who">): Declaration => ({
  mailHostingId: 10,
  mailbox: "support",
  userId: null,
  as: "grant",
  reason: "Support rota",
  owner: "it@acme.example",
  reviewAfter: "2027-06-30",
  expiresAt: "",
  declaredIn: "stack acme of orgs",
  ...over,
});
const read = (entries: HeldAccess[]): HeldAccessRead => ({
  organisations: [acme],
  mailboxes: [mailbox("support"), mailbox("sales")],
  entries,
});
/** Each row as the auditor's sheet shows it: mailbox, who, kind, standing. */
const rows = (read: HeldAccessRead, declarations: Declaration[]) =>
  compareWithDeclarations(read, declarations).entries.map(
    (e) => `${e.mailbox} ${e.who} ${e.kind} ${e.standing ?? "?"}`,
  );

describe("access --declared: each held access against the declarations", () => {
  it("a member is declared by address, in any case, or by user id; anyone else held is undeclared", () => {
    const entries = [
      held({ who: "Bruno@Acme.example", kind: "member", userId: 2 }),
      held({ who: "chloe@acme.example", kind: "member", userId: 3 }),
      held({ who: "mallory@acme.example", kind: "member", userId: 9 }),
    ];
    expect(
      rows(read(entries), [declared({ who: "bruno@acme.example" }), declared({ who: "user 3", userId: 3 })]),
    ).toEqual([
      "support@acme.example Bruno@Acme.example member declared",
      "support@acme.example chloe@acme.example member declared",
      "support@acme.example mallory@acme.example member undeclared",
    ]);
  });

  it("a declaration counts on its own mailbox only, and keeps its reason on the row", () => {
    const compared = compareWithDeclarations(read([held({ who: "bruno@acme.example", kind: "member" })]), [
      declared({ who: "bruno@acme.example", mailbox: "sales" }),
    ]);
    expect(compared.entries.map((e) => `${e.mailbox} ${e.who} ${e.standing ?? "?"}`)).toEqual([
      "support@acme.example bruno@acme.example undeclared",
      "sales@acme.example bruno@acme.example not held",
    ]);
    expect(compared.entries[1]?.declaration?.reason).toBe("Support rota");
  });

  it("a pending link is declared by an invitation to its address, never by a grant; teams and unknown items never", () => {
    const entries = [
      held({ who: "guest@outside.example", kind: "pending link" }),
      held({ who: "other@outside.example", kind: "pending link" }),
      held({ who: "team 7 (Sales)", kind: "team" }),
      held({ who: "robot_id", kind: "unknown" }),
    ];
    expect(
      rows(read(entries), [
        declared({ who: "GUEST@outside.example", as: "invitation" }),
        declared({ who: "other@outside.example", as: "grant" }),
        declared({ who: "team 7 (Sales)" }),
      ]),
    ).toEqual([
      "support@acme.example guest@outside.example pending link declared",
      "support@acme.example other@outside.example pending link undeclared",
      "support@acme.example team 7 (Sales) team undeclared",
      "support@acme.example robot_id unknown undeclared",
      // What nothing holds is a row of its own: a grant as a member, an invitation as a guest.
      "support@acme.example other@outside.example member not held",
      "support@acme.example team 7 (Sales) member not held",
    ]);
  });

  it("a declaration nothing holds is 'not held', as a guest for an invitation; one on a mailbox not read is counted apart", () => {
    const compared = compareWithDeclarations(read([]), [
      declared({ who: "guest@outside.example", as: "invitation" }),
      declared({ who: "bruno@acme.example", mailHostingId: 20, mailbox: "office" }),
    ]);
    expect(compared.entries).toEqual([
      expect.objectContaining({
        mailbox: "support@acme.example",
        who: "guest@outside.example",
        kind: "guest",
        rights: null,
        standing: "not held",
      }),
    ]);
    expect(compared.declaredElsewhere).toBe(1);
  });

  it("one declaration is matched once: the same person held twice on a mailbox is declared both times", () => {
    // Declared (the set of used declarations) only removes it from the 'not held' rows.
    const entries = [
      held({ who: "bruno@acme.example", kind: "member", userId: 2 }),
      held({ who: "bruno@acme.example", kind: "guest", userId: 2 }),
    ];
    expect(rows(read(entries), [declared({ who: "bruno@acme.example" })])).toEqual([
      "support@acme.example bruno@acme.example member declared",
      "support@acme.example bruno@acme.example guest declared",
    ]);
  });
});
