import type { InfomaniakClient } from "../api/client";
import type { AccountUser } from "../api/schemas";
import { failure } from "../engine/protocol";
import type { CheckFailure } from "../engine/protocol";
import { sameEmail } from "../people";

export interface Member {
  userId: number;
  email: string;
  firstName: string;
  lastName: string;
}

/**
 * Who a grant is for: a member who has joined; someone invited who has not answered yet (the grant
 * rides on their invitation); or, at preview, someone whose invitation the same program is about to
 * send (`awaited`).
 */
export type Grantee =
  | { kind: "member"; member: Member }
  | { kind: "invited"; invitationId: number; email: string }
  | { kind: "awaited"; email: string };

export interface GranteeQuery {
  userId?: number | undefined;
  userEmail?: string | undefined;
  /** Accept someone not in the organisation yet: the grant is attached to their invitation. */
  carryOnInvitation?: boolean | undefined;
}

/** The person a grant names, by id or e-mail, in the account; or why they cannot be granted access. */
export async function findGrantee(
  client: InfomaniakClient,
  accountId: number,
  who: GranteeQuery,
): Promise<Grantee | CheckFailure> {
  const users = await client.organisation.users(accountId);
  const property = who.userId !== undefined ? "userId" : "userEmail";
  const matches = (u: AccountUser) =>
    who.userId !== undefined ? u.user_id === who.userId : sameEmail(u.email, who.userEmail);
  const found = users.find(matches);
  const label = who.userId !== undefined ? `user ${who.userId}` : `"${who.userEmail}"`;
  if (found?.state_in_account === "valid" && found.user_id !== null) {
    return {
      kind: "member",
      member: {
        userId: found.user_id,
        email: found.email,
        firstName: found.first_name,
        lastName: found.last_name,
      },
    };
  }
  if (found && found.invitation_id !== null && who.carryOnInvitation) {
    return { kind: "invited", invitationId: found.invitation_id, email: found.email };
  }
  if (found) {
    return failure(
      property,
      `${label} has not accepted the invitation into organisation ${accountId} yet: set carryOnInvitation: true to attach the grant to their invitation, or grant access once they have joined`,
    );
  }
  if (who.carryOnInvitation && who.userEmail !== undefined) return { kind: "awaited", email: who.userEmail };
  return failure(
    property,
    `${label} is not a member of organisation ${accountId}: invite them with OrganisationUser first (with carryOnInvitation: true, the grant rides on that invitation), or share with someone outside the organisation through ExternalInvitation`,
  );
}
