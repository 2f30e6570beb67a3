import { z } from "zod";
import { State } from "../../provider/resources/organisationUser/schema";
import type { Step } from "../shared/previewSteps";
import { nameOf, readState } from "../shared/previewSteps";
import { emailKey } from "../../provider/people";
import { KINDS, kindOfType } from "../../provider/resourceKinds";

/**
 * What a run does to organisation membership: invitations sent, sent again or cancelled, role
 * changes, members who leave the stack, and what a refresh found changed outside it. Adoptions of
 * members as they are change nothing and are only counted.
 */
export const MEMBERSHIP_CHANGES = [
  "invited",
  "invited again",
  "invitation cancelled",
  "role changes",
  "leaves the stack",
  "drift",
] as const;
export type MembershipChangeKind = (typeof MEMBERSHIP_CHANGES)[number];

export interface MembershipChange {
  change: MembershipChangeKind;
  who: string;
  organisation: number | undefined;
  /** The role after the change (before it, for cancellations and departures). */
  role: string;
  note: string;
  resource: string;
}

export interface Membership {
  changes: MembershipChange[];
  /** Members and pending invitations taken over as they are: nobody's membership changes. */
  adopted: number;
}

/** The properties the report reads, as OrganisationUser's schema defines them (any may be missing). */
const Member = z
  .looseObject(State.pick({ accountId: true, email: true, role: true, adopt: true, status: true }).shape)
  .partial();
type Member = z.infer<typeof Member>;

export function isMemberStep(step: Step): boolean {
  const kind = kindOfType(step.type);
  return kind !== undefined && KINDS[kind].role === "member";
}

/**
 * A member gone outside the stack: what the next `up` does (an adopted member has nothing to adopt
 * any more, so it fails; otherwise they are invited again), and what to write if they left.
 */
function goneNote(member: Member): string {
  const next = member.adopt
    ? "the next up fails for them (adopt: there is nothing to adopt); remove adopt to invite them again"
    : "the next up invites them again";
  return `no longer in the organisation (left, removed, or the invitation cancelled outside this stack): ${next}. If they left, set their state to removed in the spec (or run offboard)`;
}

/** The membership changes of a run's OrganisationUser steps. */
export function membershipChanges(steps: readonly Step[]): Membership {
  const changes: MembershipChange[] = [];
  let adopted = 0;
  for (const step of steps.filter(isMemberStep)) {
    const before = readState(Member, step, step.old);
    const after = readState(Member, step, step.new);
    const resource = nameOf(step.urn);
    const add = (change: MembershipChangeKind, m: Member, note: string) =>
      changes.push({
        change,
        who: m.email ?? "?",
        organisation: m.accountId,
        role: m.role ?? "normal",
        note,
        resource,
      });
    if (step.op === "refresh") {
      if (step.drift === "delete" && before) add("drift", before, goneNote(before));
      else if (step.drift === "update" && before && after && before.role !== after.role)
        add("drift", after, `role changed outside this stack (was ${before.role ?? "?"})`);
    } else if (step.op === "create" && after) {
      if (after.adopt) adopted++;
      else add("invited", after, "an invitation e-mail is sent");
    } else if (step.op === "delete" && before) {
      if (before.status === "accepted")
        add(
          "leaves the stack",
          before,
          step.old?.retainOnDelete
            ? "stays a member, no longer managed here (retainOnDelete)"
            : "stays a member, no longer managed here: the Infomaniak API cannot remove members; if they leave, remove them in the Manager",
        );
      else add("invitation cancelled", before, "the pending invitation is cancelled");
    } else if ((step.op === "update" || step.op === "replace") && before && after) {
      if (step.op === "replace") {
        const moved = emailKey(before.email ?? "") !== emailKey(after.email ?? "");
        if (moved) add("invitation cancelled", before, "replaced by an invitation to another address");
        add("invited again", after, moved ? "a new invitation" : "the pending invitation is sent again");
      } else if (before.role !== after.role)
        add("role changes", after, `was ${before.role ?? "?"}: the pending invitation's role changes`);
    }
  }
  changes.sort((a, b) => `${a.who}\u0000${a.change}`.localeCompare(`${b.who}\u0000${b.change}`));
  return { changes, adopted };
}
