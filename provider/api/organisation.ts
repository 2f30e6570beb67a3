import { z } from "zod";
import type { MailboxRef, PermissionSet } from "./accessFamilies/accessFamily";
import { completePermissions } from "./accessFamilies/accessFamily";
import { createVerified } from "./createVerified";
import { InfomaniakApiError } from "./errors";
import { listAllPages } from "./pagination";
import type { ReadCache } from "./readCache";
import {
  Account,
  AccountInvitation,
  AccountUser,
  Acknowledged,
  AttachMailboxBody,
  CreateAccountInvitationBody,
  PatchAccountInvitationBody,
} from "./schemas";
import type { Role } from "./schemas";
import { INVITATION_MAILBOX_PERMISSIONS } from "../permissions";
import type { ClientSettings } from "./settings";
import type { Transport } from "./transport";
import { apiPath } from "./transport";
import { sameEmail } from "../people";

/**
 * Organisations asked for that the token does not see, with the ones it does: the fix is one of
 * those, or the token of that organisation (what `doctor` lists, every command says).
 */
export function unseenAccountsText(missing: readonly number[], visible: readonly Account[]): string {
  const seen = visible.map((a) => `${a.id} (${a.name})`).join(", ");
  return `organisation ${missing.join(", ")} is not one the token sees: ${seen ? `use ${seen}` : "it sees none: check the token's scopes"}, or set INFOMANIAK_TOKEN to a token of that organisation`;
}

export class UnknownAccountError extends Error {
  override readonly name = "UnknownAccountError";
  readonly code = "unknown_account";
}

/** Organisations (accounts), their members and pending members, and invitations into them. */
export class OrganisationApi {
  constructor(
    private readonly transport: Transport,
    private readonly cache: ReadCache,
    private readonly settings: ClientSettings,
  ) {}

  /** The accounts the token sees (cached for the process: we never change them). */
  listAccounts(): Promise<Account[]> {
    return this.cache.get("accounts", async () => {
      const answer = await this.transport.call({
        method: "GET",
        path: apiPath`/1/accounts`,
        response: z.array(Account),
        kind: "idempotent",
      });
      return answer.data;
    });
  }

  /** The accounts asked for (every one the token sees when none is), each of them seen by the token. */
  async accountsAmong(wanted: readonly number[] | undefined): Promise<Account[]> {
    const visible = await this.listAccounts();
    const missing = (wanted ?? []).filter((id) => !visible.some((a) => a.id === id));
    if (missing.length > 0) throw new UnknownAccountError(unseenAccountsText(missing, visible));
    return visible.filter((a) => !wanted || wanted.includes(a.id));
  }

  /** Members and pending members (cached until an invitation of the account changes). */
  users(accountId: number): Promise<AccountUser[]> {
    return this.cache.get(this.key(accountId), () =>
      listAllPages(this.transport, apiPath`/2/accounts/${accountId}/users`, AccountUser),
    );
  }

  async getInvitation(accountId: number, invitationId: number): Promise<AccountInvitation> {
    const answer = await this.transport.call({
      method: "GET",
      path: apiPath`/1/accounts/${accountId}/invitations/${invitationId}`,
      response: AccountInvitation,
      kind: "idempotent",
    });
    return answer.data;
  }

  /** Invites a person, never twice: a repeat first looks for the pending invitation the failed try made. */
  async invite(accountId: number, body: CreateAccountInvitationBody): Promise<AccountInvitation> {
    const findCreated = async () => {
      this.cache.invalidate(this.key(accountId));
      const pending = (await this.users(accountId)).find(
        (u) => u.state_in_account === "pending" && sameEmail(u.email, body.email),
      );
      return pending?.invitation_id ? this.getInvitation(accountId, pending.invitation_id) : undefined;
    };
    try {
      return await createVerified({
        attempt: async () =>
          (
            await this.transport.call({
              method: "POST",
              path: apiPath`/1/accounts/${accountId}/invitations`,
              body: CreateAccountInvitationBody.parse(body),
              response: AccountInvitation,
              kind: "create",
            })
          ).data,
        findCreated,
        showsEarlierSuccess: (e) => e.code === "invitation_already_exists",
        maxAttempts: this.settings.maxAttempts,
        backoffBaseMs: this.settings.backoffBaseMs,
      });
    } finally {
      this.cache.invalidate(this.key(accountId));
    }
  }

  async changeRole(accountId: number, invitationId: number, role: Role): Promise<AccountInvitation> {
    try {
      const answer = await this.transport.call({
        method: "PATCH",
        path: apiPath`/1/accounts/${accountId}/invitations/${invitationId}`,
        body: PatchAccountInvitationBody.parse({ role_type: role }),
        response: AccountInvitation,
        kind: "idempotent",
      });
      return answer.data;
    } finally {
      this.cache.invalidate(this.key(accountId));
    }
  }

  async cancel(accountId: number, invitationId: number): Promise<void> {
    try {
      await this.transport.call({
        method: "DELETE",
        path: apiPath`/1/accounts/${accountId}/invitations/${invitationId}`,
        response: Acknowledged,
        kind: "idempotent",
      });
    } finally {
      this.cache.invalidate(this.key(accountId));
    }
  }

  /**
   * Shares a mailbox with a pending invitation, with the rights it can carry: set, whether or not it
   * was attached already (a repeat after a lost answer finds it attached and sets the rights).
   */
  async attachMailbox(
    accountId: number,
    invitationId: number,
    mailbox: MailboxRef,
    permissions: PermissionSet,
  ): Promise<void> {
    const call = (method: "POST" | "PATCH") =>
      this.transport.call({
        method,
        path: apiPath`/1/accounts/${accountId}/invitations/${invitationId}/mailbox/${mailbox.mailHostingId}`,
        body: AttachMailboxBody.parse({
          mailbox_name: mailbox.mailboxName,
          mailbox_permissions: completePermissions(INVITATION_MAILBOX_PERMISSIONS, permissions),
        }),
        response: AccountInvitation,
        kind: "idempotent",
      });
    try {
      await call("POST");
    } catch (error) {
      if (!(error instanceof InfomaniakApiError) || error.code !== "object_already_exists") throw error;
      await call("PATCH");
    }
  }

  /** Takes a mailbox off a pending invitation; one that is not attached (any more) counts as done. */
  async detachMailbox(accountId: number, invitationId: number, mailbox: MailboxRef): Promise<void> {
    try {
      await this.transport.call({
        method: "DELETE",
        path: apiPath`/1/accounts/${accountId}/invitations/${invitationId}/mailbox/${mailbox.mailHostingId}`,
        body: { mailbox_name: mailbox.mailboxName },
        response: AccountInvitation,
        kind: "idempotent",
      });
    } catch (error) {
      if (!(error instanceof InfomaniakApiError) || !error.isNotFound()) throw error;
    }
  }

  private key(accountId: number): string {
    return `users:${accountId}`;
  }
}
