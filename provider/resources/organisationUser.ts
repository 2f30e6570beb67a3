import { z } from "zod";
import type { InfomaniakClient } from "../api/client";
import { InfomaniakApiError } from "../api/errors";
import type { AccountInvitation, AccountUser } from "../api/schemas";
import { AccountLocale, Role } from "../api/schemas";
import { apiClient } from "../runtime";
import type { ResourceImplementation } from "../resourceImplementation";
import type { CheckFailure } from "./inputs";
import {
  AccountId,
  EmailInput,
  PersonName,
  failure,
  isUnknown,
  parseDeclaration,
  withoutProvider,
} from "./inputs";
import { ResourceError } from "./resourceError";

const Declared = z.strictObject(
  {
    accountId: AccountId,
    email: EmailInput,
    firstName: PersonName("firstName"),
    lastName: PersonName("lastName"),
    locale: AccountLocale.optional(),
    role: Role.optional(),
    adopt: z.boolean({ error: "adopt is true or false" }).optional(),
  },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys" ? `unknown input: ${issue.keys.join(", ")}` : undefined,
  },
);

const Checked = z.object({
  accountId: z.number(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  locale: AccountLocale,
  role: Role,
  adopt: z.boolean().optional(),
});
type Checked = z.infer<typeof Checked>;

const State = Checked.extend({
  userId: z.number().nullable(),
  invitationId: z.number().nullable(),
  status: z.enum(["pending", "accepted", "rejected", "cancelled", "expired"]),
  inviteUrl: z.string().nullable(),
});
type State = z.infer<typeof State>;

function sameEmail(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function adoptionMessage(email: string, accountId: number, what: string): string {
  return `${email} ${what} in organisation ${accountId}. To bring them under this stack's management, set \`adopt: true\` on the resource`;
}

function roleMessage(email: string, live: string, declared: string): string {
  return (
    `role "${declared}" is declared for ${email}, who has accepted and is "${live}" in the organisation; ` +
    `the public Infomaniak API cannot change an accepted member's role: declare role "${live}", ` +
    `or change the role in the Manager (Users and rights) and then here`
  );
}

/** Problems the live organisation shows with this declaration; `isNew` when there is no state yet. */
async function liveFailures(
  client: InfomaniakClient,
  checked: Checked,
  isNew: boolean,
): Promise<CheckFailure[]> {
  const accounts = await client.organisation.listAccounts();
  if (!accounts.some((a) => a.id === checked.accountId)) {
    return [
      failure(
        "accountId",
        `organisation ${checked.accountId} is not visible to this API token: check the id, or the token's organisation`,
      ),
    ];
  }
  const user = (await client.organisation.users(checked.accountId)).find((u) =>
    sameEmail(u.email, checked.email),
  );
  if (!user) {
    // `adopt` consents to taking over what exists, never to sending an invitation.
    return isNew && checked.adopt
      ? [
          failure(
            "adopt",
            `${checked.email} is neither a member of organisation ${checked.accountId} nor invited into it: there is nothing to adopt. Remove adopt to invite them, or check the address`,
          ),
        ]
      : [];
  }
  if (isNew && !checked.adopt) {
    const what =
      user.state_in_account === "valid"
        ? `is already a member (role ${user.role_type})`
        : "already has a pending invitation";
    return [failure("adopt", adoptionMessage(checked.email, checked.accountId, what))];
  }
  if (user.state_in_account === "valid" && user.role_type !== checked.role) {
    return [failure("role", roleMessage(checked.email, user.role_type, checked.role))];
  }
  return [];
}

function invitationState(
  checked: Checked,
  invitation: AccountInvitation,
  member: AccountUser | undefined,
): State {
  const expired =
    invitation.status === "pending" &&
    invitation.expired_at !== null &&
    invitation.expired_at * 1000 <= Date.now();
  return {
    ...checked,
    role: invitation.role_type,
    userId: member?.user_id ?? null,
    invitationId: invitation.id,
    status: expired ? "expired" : invitation.status,
    inviteUrl: invitation.url_accept,
  };
}

export const organisationUser: ResourceImplementation = {
  async check(olds, news) {
    const declaration = parseDeclaration(Declared, news);
    if (declaration.kind === "invalid") return { failures: declaration.failures };
    if (declaration.kind === "partial") return { inputs: declaration.inputs };
    const { declared } = declaration;
    const checked: Checked = {
      accountId: declared.accountId,
      email: declared.email,
      firstName: declared.firstName,
      lastName: declared.lastName,
      locale: declared.locale ?? "en_GB",
      role: declared.role ?? "normal",
      ...(declared.adopt !== undefined ? { adopt: declared.adopt } : {}),
    };
    const isNew = Object.keys(withoutProvider(olds)).length === 0;
    const failures = await liveFailures(apiClient(), checked, isNew);
    return failures.length > 0 ? { failures } : { inputs: checked };
  },

  diff(_id, olds, news) {
    const old = State.parse(withoutProvider(olds));
    const next = withoutProvider(news);
    const changed = (key: keyof Checked) =>
      isUnknown(next[key]) ||
      (key === "email" ? !sameEmail(String(next[key]), old.email) : next[key] !== old[key]);
    const replaces: string[] = (["accountId", "email"] as const).filter(changed);
    // Names and locale only shape the invitation: a pending one is sent again, an accepted member is left alone.
    if (old.status === "pending")
      replaces.push(...(["firstName", "lastName", "locale"] as const).filter(changed));
    return Promise.resolve({ changes: replaces.length > 0 || changed("role"), replaces });
  },

  async create(inputs) {
    const checked = Checked.parse(withoutProvider(inputs));
    const client = apiClient();
    const failures = await liveFailures(client, checked, true);
    if (failures.length > 0) {
      const code = failures.some((f) => f.property === "adopt") ? "adoption_required" : "invalid_state";
      throw new ResourceError(code, failures.map((f) => f.reason).join("; "));
    }
    const user = (await client.organisation.users(checked.accountId)).find((u) =>
      sameEmail(u.email, checked.email),
    );
    if (user?.state_in_account === "valid" && user.user_id !== null) {
      const state: State = {
        ...checked,
        userId: user.user_id,
        invitationId: null,
        status: "accepted",
        inviteUrl: null,
      };
      return { id: `${checked.accountId}/user/${user.user_id}`, outs: state };
    }
    const invitation =
      user?.invitation_id != null
        ? await client.organisation.getInvitation(checked.accountId, user.invitation_id)
        : await client.organisation.invite(checked.accountId, {
            email: checked.email,
            first_name: checked.firstName,
            last_name: checked.lastName,
            locale: checked.locale,
            role_type: checked.role,
          });
    return {
      id: `${checked.accountId}/invitation/${invitation.id}`,
      outs: invitationState(checked, invitation, undefined),
    };
  },

  async read(id, props) {
    const parsed = State.safeParse(withoutProvider(props));
    if (!parsed.success) {
      throw new ResourceError(
        "invalid_id",
        `OrganisationUser ${id} cannot be read without its state: import is not supported, use \`adopt: true\``,
      );
    }
    const state = parsed.data;
    const client = apiClient();
    const members = await client.organisation.users(state.accountId);
    const member = members.find(
      (u) =>
        u.state_in_account === "valid" &&
        (state.userId !== null ? u.user_id === state.userId : sameEmail(u.email, state.email)),
    );
    let live: State;
    if (state.invitationId === null) {
      if (!member) return { id: "" };
      live = { ...state, role: Role.catch(state.role).parse(member.role_type), userId: member.user_id };
    } else {
      let invitation: AccountInvitation;
      try {
        invitation = await client.organisation.getInvitation(state.accountId, state.invitationId);
      } catch (error) {
        if (error instanceof InfomaniakApiError && error.isNotFound()) return { id: "" };
        throw error;
      }
      // Cancelled outside this stack: gone, so the next up invites again.
      if (invitation.status === "cancelled") return { id: "" };
      live = invitationState(state, invitation, member);
      if (member) live = { ...live, role: Role.catch(live.role).parse(member.role_type) };
    }
    return { id, props: live, inputs: Checked.parse(live) };
  },

  async update(_id, olds, news) {
    const old = State.parse(withoutProvider(olds));
    const checked = Checked.parse(withoutProvider(news));
    if (checked.role !== old.role) {
      if ((old.status !== "pending" && old.status !== "expired") || old.invitationId === null) {
        throw new ResourceError("not_supported_by_api", roleMessage(old.email, old.role, checked.role));
      }
      await apiClient().organisation.changeRole(old.accountId, old.invitationId, checked.role);
    }
    return { outs: { ...old, ...checked } satisfies State };
  },

  async delete(_id, props) {
    const state = State.parse(withoutProvider(props));
    if (state.status === "accepted") {
      throw new ResourceError(
        "not_supported_by_api",
        `${state.email} has accepted and is a member of organisation ${state.accountId}; the public Infomaniak API cannot remove members. ` +
          "Remove them in the Manager (Users and rights), then run `pulumi refresh`; or, to stop managing them here and keep them, " +
          "set the resource option `retainOnDelete: true`, run `pulumi up`, then remove the resource",
      );
    }
    if (state.invitationId !== null && (state.status === "pending" || state.status === "expired")) {
      await apiClient().organisation.cancel(state.accountId, state.invitationId);
    }
  },
};
