import fc from "fast-check";
import type { OrganisationSpecInput } from "pulumi-infomaniak-mailbox";
import type { AccessFamily } from "../../../provider/permissions/vocabulary";
import { SEED, TEST_TODAY } from "../../support/simulator";

/**
 * The oracle's world: one organisation of the quick start seed per family, its spec as a small model the
 * edits change, and the edits themselves (to the spec, or to the live state as someone in the Manager or
 * a guest would). Everything is drawn from short fixed lists, so that edits meet each other often.
 */

export interface Organisation {
  family: AccessFamily;
  accountId: number;
  mailHostingId: number;
  domain: string;
  mailboxes: string[];
  members: {
    email: string;
    userId: number;
    firstName: string;
    lastName: string;
    role: "owner" | "admin" | "normal";
  }[];
  /** An access the seed has before any run: left alone, revoked by a policy, or adopted. */
  seeded: { mailbox: string; email: string };
  /** A right only this family has (webmail: a link then must be made again to change it). */
  ownRight: string;
}

export const ORGANISATIONS: Record<AccessFamily, Organisation> = {
  webmail: {
    family: "webmail",
    accountId: SEED.webmailAccount,
    mailHostingId: SEED.webmailHosting,
    domain: "acme.example",
    mailboxes: ["support", "sales"],
    members: [
      { email: "alice@acme.example", userId: 1, firstName: "Alice", lastName: "Martin", role: "owner" },
      { email: "chloe@acme.example", userId: 3, firstName: "Chloé", lastName: "Rossi", role: "normal" },
      { email: "david@acme.example", userId: 4, firstName: "David", lastName: "Weber", role: "normal" },
    ],
    seeded: { mailbox: "sales", email: "alice@acme.example" },
    ownRight: "can_manage_rules",
  },
  legacy: {
    family: "legacy",
    accountId: SEED.legacyAccount,
    mailHostingId: SEED.legacyHosting,
    domain: "legacy.example",
    mailboxes: ["office", "info"],
    members: [
      { email: "erika@legacy.example", userId: 5, firstName: "Erika", lastName: "Schmid", role: "admin" },
      { email: "fabio@legacy.example", userId: 6, firstName: "Fabio", lastName: "Bianchi", role: "normal" },
    ],
    seeded: { mailbox: "office", email: "erika@legacy.example" },
    ownRight: "can_manage_chat",
  },
};

/**
 * The user the seed's API token belongs to (alice, owner of both accounts): removed from an account in
 * the Manager, the API answers 404 for the whole account, so no live edit removes them.
 */
export const TOKEN_OWNER_ID = 1;

const GUESTS = ["guest-a@outside.example", "guest-b@outside.example"];
const MODES = ["additive", "report-only", "authoritative"] as const;

export type Rights =
  { preset: "readOnly" | "delegate" | "manager" } | { permissions: Record<string, boolean> };

export interface Entry {
  rights: Rights;
  adopt?: boolean;
}
export interface Invitation {
  rights: Rights;
  send: boolean;
}
export interface MailboxModel {
  mode: (typeof MODES)[number];
  grants: Record<string, Entry>;
  invitations: Record<string, Invitation>;
}
export interface Model {
  mailboxes: Record<string, MailboxModel>;
  removed: string[];
}

export type Edit =
  | { edit: "grant"; mailbox: string; member: string; rights: Rights; adopt: boolean }
  | { edit: "drop grant"; mailbox: string; member: string }
  | { edit: "invite"; mailbox: string; guest: string; rights: Rights; send: boolean }
  | { edit: "drop invitation"; mailbox: string; guest: string }
  | { edit: "mode"; mailbox: string; mode: MailboxModel["mode"] }
  | { edit: "state: removed"; member: string }
  | { edit: "guest accepts"; mailbox: string; guest: string }
  | { edit: "link expires"; mailbox: string; guest: string }
  | { edit: "Manager revokes"; mailbox: string; member: string }
  | { edit: "Manager sets rights"; mailbox: string; member: string; right: string }
  | { edit: "Manager removes member"; member: string };

function rights(org: Organisation): fc.Arbitrary<Rights> {
  const names = ["can_manage_filters", "can_manage_signatures", org.ownRight];
  return fc.oneof(
    fc.constantFrom("readOnly", "delegate", "manager").map((preset) => ({ preset })),
    fc
      .subarray(names, { minLength: 1 })
      .map((on) => ({ permissions: Object.fromEntries(on.map((n) => [n, true])) })),
  );
}

/** One edit, to the spec or to the live state. */
export function editArbitrary(org: Organisation): fc.Arbitrary<Edit> {
  const mailbox = fc.constantFrom(...org.mailboxes);
  const member = fc.constantFrom(...org.members.map((m) => m.email));
  const guest = fc.constantFrom(...GUESTS);
  const removable = org.members.filter((m) => m.userId !== TOKEN_OWNER_ID).map((m) => m.email);
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        edit: fc.constant("grant" as const),
        mailbox,
        member,
        rights: rights(org),
        adopt: fc.boolean(),
      }),
    },
    { weight: 2, arbitrary: fc.record({ edit: fc.constant("drop grant" as const), mailbox, member }) },
    {
      weight: 4,
      arbitrary: fc.record({
        edit: fc.constant("invite" as const),
        mailbox,
        guest,
        rights: rights(org),
        send: fc.boolean(),
      }),
    },
    { weight: 2, arbitrary: fc.record({ edit: fc.constant("drop invitation" as const), mailbox, guest }) },
    {
      weight: 2,
      arbitrary: fc.record({ edit: fc.constant("mode" as const), mailbox, mode: fc.constantFrom(...MODES) }),
    },
    { weight: 1, arbitrary: fc.record({ edit: fc.constant("state: removed" as const), member }) },
    { weight: 2, arbitrary: fc.record({ edit: fc.constant("guest accepts" as const), mailbox, guest }) },
    { weight: 1, arbitrary: fc.record({ edit: fc.constant("link expires" as const), mailbox, guest }) },
    { weight: 1, arbitrary: fc.record({ edit: fc.constant("Manager revokes" as const), mailbox, member }) },
    {
      weight: 1,
      arbitrary: fc.record({
        edit: fc.constant("Manager sets rights" as const),
        mailbox,
        member,
        right: fc.constantFrom("can_manage_filters", "can_manage_security"),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        edit: fc.constant("Manager removes member" as const),
        member: fc.constantFrom(...removable),
      }),
    },
  );
}

export function emptyModel(org: Organisation): Model {
  return {
    mailboxes: Object.fromEntries(
      org.mailboxes.map((m) => [m, { mode: "additive", grants: {}, invitations: {} }]),
    ),
    removed: [],
  };
}

/** The model after a spec edit (live edits leave it as it is). */
export function applyToModel(model: Model, edit: Edit): Model {
  const next = structuredClone(model);
  const box = "mailbox" in edit ? next.mailboxes[edit.mailbox] : undefined;
  if (edit.edit === "grant" && box)
    box.grants[edit.member] = { rights: edit.rights, ...(edit.adopt ? { adopt: true } : {}) };
  if (edit.edit === "drop grant" && box) delete box.grants[edit.member];
  if (edit.edit === "invite" && box) box.invitations[edit.guest] = { rights: edit.rights, send: edit.send };
  if (edit.edit === "drop invitation" && box) delete box.invitations[edit.guest];
  if (edit.edit === "mode" && box) box.mode = edit.mode;
  // Someone who left in the Manager is then recorded as gone, as the report advises (`state: removed`).
  const gone = edit.edit === "state: removed" || edit.edit === "Manager removes member";
  if (gone && !next.removed.includes(edit.member)) next.removed.push(edit.member);
  return next;
}

const review = { reason: "Oracle", owner: "it@acme.example", reviewAfter: "2027-06-30" };

/** The spec file the model stands for: every member adopted (they are in the organisation already). */
export function specOf(org: Organisation, model: Model): OrganisationSpecInput {
  return {
    organisation: {
      name: `oracle-${org.family}`,
      accountId: org.accountId,
      mailHostingId: org.mailHostingId,
    },
    members: org.members.map(({ userId: _id, ...m }) => ({
      ...m,
      adopt: true,
      ...(model.removed.includes(m.email) ? { state: "removed" as const } : {}),
    })),
    mailboxes: Object.entries(model.mailboxes).map(([name, box]) => ({
      name,
      mode: box.mode,
      grants: Object.entries(box.grants).map(([member, g]) => ({
        member,
        ...g.rights,
        ...(g.adopt ? { adopt: true } : {}),
        ...review,
      })),
      invitations: Object.entries(box.invitations).map(([email, x]) => ({
        email,
        ...x.rights,
        send: x.send,
        ...review,
      })),
    })),
  };
}

export const TODAY = TEST_TODAY;
