import type { InfomaniakClient } from "../api/client";
import type { AccountUser } from "../api/schemas";
import type { CheckFailure } from "./inputs";
import { failure } from "./inputs";

export interface Member {
  userId: number;
  email: string;
  firstName: string;
  lastName: string;
}

/** A member of the account who has accepted (a `valid` user), by id or e-mail; or why it is not one. */
export async function findMember(
  client: InfomaniakClient,
  accountId: number,
  who: { userId?: number | undefined; userEmail?: string | undefined },
): Promise<Member | CheckFailure> {
  const users = await client.organisation.users(accountId);
  const property = who.userId !== undefined ? "userId" : "userEmail";
  const matches = (u: AccountUser) =>
    who.userId !== undefined
      ? u.user_id === who.userId
      : u.email.toLowerCase() === who.userEmail?.toLowerCase();
  const found = users.find(matches);
  const label = who.userId !== undefined ? `user ${who.userId}` : `"${who.userEmail}"`;
  if (!found) {
    return failure(
      property,
      `${label} is not a member of organisation ${accountId}: invite them with OrganisationUser first, or share with someone outside the organisation through ExternalInvitation`,
    );
  }
  if (found.state_in_account !== "valid" || found.user_id === null) {
    return failure(
      property,
      `${label} has not accepted the invitation into organisation ${accountId} yet: grant access once they have (the invitation can also carry the mailbox)`,
    );
  }
  return {
    userId: found.user_id,
    email: found.email,
    firstName: found.first_name,
    lastName: found.last_name,
  };
}
