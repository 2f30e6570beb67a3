import type { InfomaniakClient } from "../../api/client";
import { InfomaniakApiError } from "../../api/errors";
import type { AccountInvitation } from "../../api/schemas";
import { defineResource } from "../../engine/defineResource";
import type { CheckFailure } from "../../engine/protocol";
import { failure } from "../../engine/protocol";
import { sameEmail } from "../../people";
import { warn } from "../../runtime";
import { ResourceError } from "../resourceError";
import {
  checkedOf,
  diffMember,
  idOf,
  invitationState,
  liveMember,
  memberOf,
  membershipFailures,
  memberGoneMessage,
  memberStaysMessage,
  roleChangeRefusal,
} from "./rules";
import type { Checked, State } from "./schema";
import * as schemas from "./schema";

/** Problems the live organisation shows with this declaration; `isNew` when there is no state yet. */
async function liveFailures(
  client: InfomaniakClient,
  checked: Checked,
  isNew: boolean,
): Promise<CheckFailure[]> {
  const accounts = await client.organisation.listAccounts();
  if (!accounts.some((a) => a.id === checked.accountId))
    return [
      failure(
        "accountId",
        `organisation ${checked.accountId} is not visible to this API token: check the id, or the token's organisation`,
      ),
    ];
  const person = (await client.organisation.users(checked.accountId)).find((u) =>
    sameEmail(u.email, checked.email),
  );
  return membershipFailures(checked, person, isNew);
}

/** The invitation by id; undefined when Infomaniak no longer has it. */
async function invitationIfAny(
  client: InfomaniakClient,
  accountId: number,
  invitationId: number,
): Promise<AccountInvitation | undefined> {
  try {
    return await client.organisation.getInvitation(accountId, invitationId);
  } catch (error) {
    if (error instanceof InfomaniakApiError && error.isNotFound()) return undefined;
    throw error;
  }
}

/** A person in the organisation: invited by e-mail, or an existing member or invitation adopted. */
export const organisationUser = defineResource({
  name: "OrganisationUser",
  schemas,

  async check(client, declared, previous) {
    const checked = checkedOf(declared);
    const failures = await liveFailures(client, checked, previous === undefined);
    return failures.length > 0 ? failures : checked;
  },

  diff: (changes, old) => diffMember(changes, old),

  async create(client, checked) {
    const failures = await liveFailures(client, checked, true);
    if (failures.length > 0) {
      const code = failures.some((f) => f.property === "adopt") ? "adoption_required" : "invalid_state";
      throw new ResourceError(code, failures.map((f) => f.reason).join("; "));
    }
    const person = (await client.organisation.users(checked.accountId)).find((u) =>
      sameEmail(u.email, checked.email),
    );
    if (person?.state_in_account === "valid" && person.user_id !== null) {
      const state: State = {
        ...checked,
        userId: person.user_id,
        invitationId: null,
        status: "accepted",
        inviteUrl: null,
      };
      return { id: idOf(state), state };
    }
    const invitation =
      person?.invitation_id != null
        ? await client.organisation.getInvitation(checked.accountId, person.invitation_id)
        : await client.organisation.invite(checked.accountId, {
            email: checked.email,
            first_name: checked.firstName,
            last_name: checked.lastName,
            locale: checked.locale,
            role_type: checked.role,
          });
    const state = invitationState(checked, invitation, undefined);
    return { id: idOf(state), state };
  },

  readById: { refused: "import is not supported, use `adopt: true`" },

  async read(client, _id, stored) {
    const member = memberOf(stored, await client.organisation.users(stored.accountId));
    const invitation =
      stored.invitationId === null
        ? undefined
        : await invitationIfAny(client, stored.accountId, stored.invitationId);
    return liveMember(stored, member, invitation);
  },

  async update(client, old, checked) {
    const refusal = roleChangeRefusal(old, checked.role);
    if (refusal) throw new ResourceError("not_supported_by_api", refusal);
    if (checked.role !== old.role && old.invitationId !== null)
      await client.organisation.changeRole(old.accountId, old.invitationId, checked.role);
    return { ...old, ...checked };
  },

  async delete(client, state) {
    // Refusing here would fail an `up` whose preview passed (the engine does not preview deletes):
    // the stack forgets the member instead, and says what is left to do.
    if (state.status === "accepted") {
      // Said as it stands: someone removed in the Manager meanwhile no longer "stays a member".
      const member = memberOf(state, await client.organisation.users(state.accountId));
      return warn(member ? memberStaysMessage(state) : memberGoneMessage(state));
    }
    if (state.invitationId !== null && (state.status === "pending" || state.status === "expired"))
      await client.organisation.cancel(state.accountId, state.invitationId);
  },
});
