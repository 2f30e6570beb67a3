import { complete } from "../../engine/complete";
import type * as pulumi from "@pulumi/pulumi";
import type { AccountInvitation, AccountUser } from "../../api/schemas";
import { Role } from "../../api/schemas";
import type { FieldChanges } from "../../engine/fields";
import { diffResult } from "../../engine/fields";
import type { CheckFailure } from "../../engine/protocol";
import { failure } from "../../engine/protocol";
import { isLive } from "../../links";
import { sameEmail } from "../../people";
import type { Checked, Declared, State } from "./schema";

/** The declaration with its defaults. */
export function checkedOf(declared: Declared): Checked {
  return complete<Checked>({
    accountId: declared.accountId,
    email: declared.email,
    firstName: declared.firstName,
    lastName: declared.lastName,
    locale: declared.locale ?? "en_GB",
    role: declared.role ?? "normal",
    adopt: declared.adopt,
  });
}

export function idOf(state: Pick<State, "accountId" | "userId" | "invitationId">): string {
  return state.userId !== null && state.invitationId === null
    ? `${state.accountId}/user/${state.userId}`
    : `${state.accountId}/invitation/${state.invitationId}`;
}

export function adoptionMessage(email: string, accountId: number, what: string): string {
  return `${email} ${what} in organisation ${accountId}. To bring them under this stack's management, set \`adopt: true\` on the resource`;
}

export function roleMessage(email: string, live: string, declared: string): string {
  return (
    `role "${declared}" is declared for ${email}, who has accepted and is "${live}" in the organisation; ` +
    `the public Infomaniak API cannot change an accepted member's role: declare role "${live}", ` +
    `or change the role in the Manager (Users and rights) and then here`
  );
}

/**
 * What the organisation's member list says of a declaration: `person` is the member or invited
 * person with the declared address (if any); `isNew` when there is no state yet. `adopt` consents to
 * taking over what exists, never to sending an invitation.
 */
export function membershipFailures(
  checked: Checked,
  person: AccountUser | undefined,
  isNew: boolean,
): CheckFailure[] {
  if (!person)
    return isNew && checked.adopt
      ? [
          failure(
            "adopt",
            `${checked.email} is neither a member of organisation ${checked.accountId} nor invited into it: there is nothing to adopt. Remove adopt to invite them, or check the address`,
          ),
        ]
      : [];
  if (isNew && !checked.adopt) {
    const what =
      person.state_in_account === "valid"
        ? `is already a member (role ${person.role_type})`
        : "already has a pending invitation";
    return [failure("adopt", adoptionMessage(checked.email, checked.accountId, what))];
  }
  if (person.state_in_account === "valid" && person.role_type !== checked.role)
    return [failure("role", roleMessage(checked.email, person.role_type, checked.role))];
  return [];
}

/** Names and locale only shape the invitation: a pending one is sent again, an accepted member is left alone. */
const INVITATION_SHAPE: readonly string[] = ["firstName", "lastName", "locale"];

export function diffMember(changes: FieldChanges, old: Pick<State, "status">): pulumi.dynamic.DiffResult {
  if (old.status === "pending") return diffResult(changes);
  return diffResult({ ...changes, replaces: changes.replaces.filter((k) => !INVITATION_SHAPE.includes(k)) });
}

/** The state of someone invited, from their invitation and, once they joined, their membership. */
export function invitationState(
  checked: Checked,
  invitation: AccountInvitation,
  member: AccountUser | undefined,
): State {
  const expired = invitation.status === "pending" && !isLive(invitation.expired_at);
  return {
    ...checked,
    role: invitation.role_type,
    userId: member?.user_id ?? null,
    invitationId: invitation.id,
    status: expired ? "expired" : invitation.status,
    inviteUrl: invitation.url_accept,
  };
}

/** The member the state names among the organisation's valid members: by user id once known, else by address. */
export function memberOf(state: State, users: readonly AccountUser[]): AccountUser | undefined {
  return users.find(
    (u) =>
      u.state_in_account === "valid" &&
      (state.userId !== null ? u.user_id === state.userId : sameEmail(u.email, state.email)),
  );
}

/**
 * Where the person stands now: a member adopted as such must still be one; someone invited is
 * followed through their invitation (undefined: gone, or cancelled outside this stack, so the next up
 * invites again). A role the API names that this provider does not know keeps the stored one.
 */
export function liveMember(
  state: State,
  member: AccountUser | undefined,
  invitation: AccountInvitation | undefined,
): State | undefined {
  const withRole = (live: State) =>
    member ? { ...live, role: Role.catch(live.role).parse(member.role_type) } : live;
  if (state.invitationId === null) return member ? withRole({ ...state, userId: member.user_id }) : undefined;
  if (!invitation || invitation.status === "cancelled") return undefined;
  return withRole(invitationState(state, invitation, member));
}

/** Why a declared role cannot be set: the API changes the role of an invitation, never of a member. */
export function roleChangeRefusal(old: State, role: Checked["role"]): string | undefined {
  if (role === old.role) return undefined;
  if ((old.status === "pending" || old.status === "expired") && old.invitationId !== null) return undefined;
  return roleMessage(old.email, old.role, role);
}

/**
 * What a removed resource of an accepted member means: the stack stops managing them, and they stay a
 * member (the public API cannot remove one): the step left to a person, named in preview and report.
 */
/** A removed resource of a member who has left the organisation already: nothing is left to do. */
export function memberGoneMessage(state: Pick<State, "email" | "accountId">): string {
  return `${state.email} is no longer managed by this stack, and is no longer a member of organisation ${state.accountId} (removed outside this stack): nothing is left to do`;
}

export function memberStaysMessage(state: Pick<State, "email" | "accountId">): string {
  return (
    `${state.email} is no longer managed by this stack but stays a member of organisation ${state.accountId}: ` +
    "the public Infomaniak API cannot remove members. If they leave, remove them in the Manager (Users and rights)"
  );
}
