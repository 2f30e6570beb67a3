import type { Membership } from "./membershipChanges";
import type { Fact } from "./permissionReport";

/**
 * What `up` does to people, one vocabulary for the report's JSON (and what tests compare with what the
 * simulator saw): each effect names its mailbox (or organisation), the person, and why.
 */
export const EFFECT_KINDS = [
  "access granted",
  "rights changed",
  "access revoked",
  "link created",
  "link cancelled",
  "link replaced",
  "e-mail sent",
  "organisation invitation sent",
  "organisation invitation changed",
  "organisation invitation cancelled",
  "membership left as it is",
] as const;
export type EffectKind = (typeof EFFECT_KINDS)[number];

export interface Effect {
  effect: EffectKind;
  /** The mailbox's address; empty for an organisation's membership. */
  mailbox: string;
  organisation?: number;
  who: string;
  /** Rights held after it (granted, created, replaced), or the change (rights changed). */
  rights?: string[];
  added?: string[];
  removed?: string[];
  /** Whom an e-mail goes to (a link sent, a link replaced and sent). */
  emailedTo?: string;
  /** Why, where it is not the declaration itself: a policy, a move, an end date, the API. */
  because?: string;
  resource: string;
}

type Place = Pick<Effect, "mailbox" | "organisation" | "who" | "resource">;

function placeOf(fact: Fact): Place {
  return {
    mailbox: fact.mailbox,
    ...(fact.organisation !== undefined ? { organisation: fact.organisation } : {}),
    who: fact.who,
    resource: fact.resource,
  };
}

/** A link made for a guest, and its e-mail unless the declaration says not to send it. */
function linkCreated(fact: Fact, place: Place): Effect[] {
  const created: Effect = { effect: "link created", ...place, rights: fact.permissions };
  return fact.link?.sent === false
    ? [created]
    : [created, { effect: "e-mail sent", ...place, emailedTo: fact.who }];
}

function gained(fact: Fact, place: Place): Effect[] {
  const because = fact.note === "moved" ? { because: "the declaration moved here" } : {};
  if (fact.via === "invitation") return linkCreated(fact, place).map((e) => ({ ...e, ...because }));
  return [{ effect: "access granted", ...place, rights: fact.permissions, ...because }];
}

function lost(fact: Fact, place: Place): Effect[] {
  const because = fact.note ? { because: fact.note } : {};
  // A policy's entry says which it is; a declared invitation's state says whether it is still a link.
  const link =
    fact.via === "policy"
      ? fact.entry === "invitation"
      : fact.via === "invitation" && fact.link !== undefined;
  return [{ effect: link ? "link cancelled" : "access revoked", ...place, ...because }];
}

function changed(fact: Fact, place: Place): Effect[] {
  const change = { rights: fact.permissions, added: fact.added, removed: fact.removed };
  if (!fact.link?.replaced) return [{ effect: "rights changed", ...place, ...change }];
  return [
    { effect: "link replaced", ...place, ...change, ...(fact.link.sent ? { emailedTo: fact.who } : {}) },
  ];
}

/** What each fact of a run does at Infomaniak; undeclared access kept and drift only found do nothing. */
function factEffects(fact: Fact): Effect[] {
  const place = placeOf(fact);
  if (fact.kind === "gains") return gained(fact, place);
  if (fact.kind === "loses") return lost(fact, place);
  if (fact.kind === "changes") return changed(fact, place);
  // A drift this run puts back (`preview --refresh`): what it restores.
  if (fact.kind === "drift" && fact.note.includes("this up")) {
    const because = { because: fact.note };
    // Put back: what was added outside goes, what was removed outside comes back.
    return fact.added.length + fact.removed.length > 0
      ? [{ effect: "rights changed", ...place, added: fact.removed, removed: fact.added, ...because }]
      : gained(fact, place).map((e) => ({ ...e, ...because }));
  }
  return [];
}

const MEMBERSHIP_EFFECTS: Record<Membership["changes"][number]["change"], EffectKind[]> = {
  invited: ["organisation invitation sent"],
  "invited again": ["organisation invitation sent"],
  "invitation cancelled": ["organisation invitation cancelled"],
  "role changes": ["organisation invitation changed"],
  "leaves the stack": ["membership left as it is"],
  drift: [],
};

/** Every effect of a run: each fact's, then each membership change's, in the report's order. */
export function effectsOf(facts: readonly Fact[], membership: Membership): Effect[] {
  return [
    ...facts.flatMap(factEffects),
    ...membership.changes.flatMap((c) =>
      MEMBERSHIP_EFFECTS[c.change].map((effect) => ({
        effect,
        mailbox: "",
        ...(c.organisation !== undefined ? { organisation: c.organisation } : {}),
        who: c.who,
        because: c.note,
        resource: c.resource,
      })),
    ),
  ];
}

const rightsText = (rights: readonly string[] | undefined) =>
  rights && rights.length > 0 ? rights.join(", ") : "read and send only";
const changeText = (e: Effect) =>
  [...(e.added ?? []).map((p) => `+ ${p}`), ...(e.removed ?? []).map((p) => `− ${p}`)].join(", ");
const organisationText = (e: Effect) =>
  e.organisation !== undefined ? `organisation ${e.organisation}` : "the organisation";

/** Each effect in words, as a reviewer reads it (the Markdown and HTML reports). */
const SENTENCE: Record<EffectKind, (e: Effect) => string> = {
  "access granted": (e) => `${e.who} is granted access to ${e.mailbox} (${rightsText(e.rights)}).`,
  "rights changed": (e) => `${e.who}'s rights on ${e.mailbox} change: ${changeText(e)}.`,
  "access revoked": (e) => `${e.who}'s access to ${e.mailbox} is revoked.`,
  "link created": (e) =>
    `An invitation link to ${e.mailbox} is created for ${e.who} (${rightsText(e.rights)}).`,
  "link cancelled": (e) => `${e.who}'s pending invitation link to ${e.mailbox} is cancelled.`,
  "link replaced": (e) =>
    `${e.who}'s pending invitation link to ${e.mailbox} is cancelled and replaced by a new one (${changeText(e)}), ${
      e.emailedTo ? `e-mailed to ${e.emailedTo}` : "not e-mailed (send: false)"
    }.`,
  "e-mail sent": (e) => `The invitation link to ${e.mailbox} is e-mailed to ${e.emailedTo ?? e.who}.`,
  "organisation invitation sent": (e) => `${e.who} is sent an invitation to join ${organisationText(e)}.`,
  "organisation invitation changed": (e) =>
    `${e.who}'s pending invitation to ${organisationText(e)} changes its role.`,
  "organisation invitation cancelled": (e) =>
    `${e.who}'s pending invitation to ${organisationText(e)} is cancelled.`,
  "membership left as it is": (e) => `${e.who} stays a member of ${organisationText(e)}.`,
};

export function effectSentence(effect: Effect): string {
  return SENTENCE[effect.effect](effect);
}
