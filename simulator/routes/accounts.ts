import { z } from "zod";
import { ApiFailure, notFound } from "../apiFailure";
import type { AccountInvitation } from "../model";
import { INVITATION_MAILBOX_PERMISSIONS } from "../permissionNames";
import { Locale, Role } from "../model";
import * as show from "../representations";
import { paginate, parseBody } from "../requestParsing";
import type { RequestContext, Route } from "../router";
import { parseId } from "../store";
import type { StateView } from "../store";
import type { RouteEnv } from "./routeEnv";
import { INVITATION_TTL_SECONDS } from "./routeEnv";

const CreateInvitation = z.object({
  email: z.email(),
  first_name: z.string().min(1),
  last_name: z.string().min(1),
  locale: Locale,
  role_type: Role,
});

const PatchInvitation = z.object({ role_type: Role.optional() });

/** The spec's nine booleans, all required, whatever the account's access family. */
const AttachMailbox = z.object({
  mailbox_name: z.string().min(1),
  mailbox_permissions: z.object(
    Object.fromEntries(INVITATION_MAILBOX_PERMISSIONS.map((name) => [name, z.boolean()])),
  ),
});

const DetachMailbox = z.object({ mailbox_name: z.string().min(1) });

/** The invitation named by the path, in an account the token's user belongs to (404 otherwise). */
function invitationOf(view: StateView, ctx: RequestContext) {
  const account = view.visibleAccount(parseId(ctx.params["account"], "account"), ctx.tokenUserId);
  const id = parseId(ctx.params["invitation"], "invitation");
  const invitation = view.state.accountInvitations.find((i) => i.id === id && i.accountId === account.id);
  if (!invitation) throw notFound("Invitation not found");
  return invitation;
}

function requirePending(invitation: AccountInvitation): void {
  if (invitation.status !== "pending") {
    throw new ApiFailure(409, "invitation_not_pending", `The invitation is ${invitation.status}`);
  }
}

/** Organisations (accounts), their users and pending users, and invitations into them. */
export function accountRoutes(env: RouteEnv): Route[] {
  return [
    {
      method: "GET",
      template: "/1/accounts",
      scope: "accounts",
      write: false,
      handle: (ctx) => ({
        data: env
          .read()
          .visibleAccounts(ctx.tokenUserId)
          .map((a) => show.account(a, 1_600_000_000)),
      }),
    },
    {
      method: "GET",
      template: "/1/accounts/{account_id}",
      scope: "accounts",
      write: false,
      handle: (ctx) => {
        const account = env
          .read()
          .visibleAccount(parseId(ctx.params["account_id"], "account_id"), ctx.tokenUserId);
        return { data: show.account(account, 1_600_000_000) };
      },
    },
    {
      method: "GET",
      template: "/2/accounts/{account}/users",
      scope: "accounts",
      write: false,
      handle: (ctx) => {
        const view = env.read();
        const account = view.visibleAccount(parseId(ctx.params["account"], "account"), ctx.tokenUserId);
        const state = ctx.query.get("filter[state_in_account]");
        const members = view.state.memberships
          .filter((m) => m.accountId === account.id)
          .flatMap((m) => {
            const user = view.user(m.userId);
            return user ? [show.member(user, m.role)] : [];
          });
        const pending = view.state.accountInvitations
          .filter((i) => i.accountId === account.id && i.status === "pending")
          .map(show.pendingMember);
        const items = state === "valid" ? members : state === "pending" ? pending : [...members, ...pending];
        // SPEC_CHOICES.accountUsersUnpaginated: the whole list, whatever `page` says, unless the seed asks.
        return view.state.apiBehaviour.usersPaginated ? paginate(items, ctx.query) : { data: items };
      },
    },
    {
      method: "POST",
      template: "/1/accounts/{account}/invitations",
      scope: "accounts",
      write: true,
      handle: (ctx) =>
        env.write((view) => {
          const account = view.visibleAccount(parseId(ctx.params["account"], "account"), ctx.tokenUserId);
          const body = parseBody(CreateInvitation, ctx.body);
          const existing = view.userByEmail(body.email);
          if (existing && view.isMember(account.id, existing.id)) {
            throw new ApiFailure(409, "user_already_in_account", "This user is already in the organisation");
          }
          if (
            view.state.accountInvitations.some(
              (i) =>
                i.accountId === account.id &&
                i.status === "pending" &&
                i.email.toLowerCase() === body.email.toLowerCase(),
            )
          ) {
            throw new ApiFailure(
              409,
              "invitation_already_exists",
              "A pending invitation exists for this address",
            );
          }
          const now = env.store.now();
          const invitation: AccountInvitation = {
            id: env.store.nextId(),
            accountId: account.id,
            email: body.email,
            firstName: body.first_name,
            lastName: body.last_name,
            locale: body.locale,
            role: body.role_type,
            status: "pending",
            createdAt: now,
            updatedAt: now,
            expiresAt: now + INVITATION_TTL_SECONDS,
            userId: null,
            mailboxes: [],
          };
          view.state.accountInvitations.push(invitation);
          return { status: 201, data: show.accountInvitation(invitation) };
        }),
    },
    {
      method: "GET",
      template: "/1/accounts/{account}/invitations/{invitation}",
      scope: "accounts",
      write: false,
      handle: (ctx) => {
        const view = env.read();
        return {
          data: show.accountInvitation(invitationOf(view, ctx)),
        };
      },
    },
    {
      method: "PATCH",
      template: "/1/accounts/{account}/invitations/{invitation}",
      scope: "accounts",
      write: true,
      handle: (ctx) =>
        env.write((view) => {
          const invitation = invitationOf(view, ctx);
          const body = parseBody(PatchInvitation, ctx.body);
          requirePending(invitation);
          if (body.role_type) invitation.role = body.role_type;
          invitation.updatedAt = env.store.now();
          return { data: show.accountInvitation(invitation) };
        }),
    },
    {
      method: "DELETE",
      template: "/1/accounts/{account}/invitations/{invitation}",
      scope: "accounts",
      write: true,
      handle: (ctx) =>
        env.write((view) => {
          const invitation = invitationOf(view, ctx);
          requirePending(invitation);
          invitation.status = "cancelled";
          invitation.updatedAt = env.store.now();
          return { data: true };
        }),
    },
    ...(["POST", "PATCH"] as const).map((method): Route => ({
      method,
      template: "/1/accounts/{account}/invitations/{invitation}/mailbox/{mail_id}",
      scope: "accounts",
      write: true,
      handle: (ctx) =>
        env.write((view) => {
          const invitation = invitationOf(view, ctx);
          const hostingId = parseId(ctx.params["mail_id"], "mail_id");
          const body = parseBody(AttachMailbox, ctx.body);
          view.mailbox(hostingId, body.mailbox_name, ctx.tokenUserId);
          requirePending(invitation);
          const attached = invitation.mailboxes.find(
            (m) => m.mailHostingId === hostingId && m.mailboxName === body.mailbox_name,
          );
          if (method === "POST") {
            if (attached)
              throw new ApiFailure(409, "object_already_exists", "The mailbox is already attached");
            invitation.mailboxes.push({
              mailHostingId: hostingId,
              mailboxName: body.mailbox_name,
              permissions: body.mailbox_permissions,
            });
          } else {
            if (!attached) throw notFound("The mailbox is not attached to this invitation");
            attached.permissions = body.mailbox_permissions;
          }
          return { status: method === "POST" ? 201 : 200, data: show.accountInvitation(invitation) };
        }),
    })),
    {
      method: "DELETE",
      template: "/1/accounts/{account}/invitations/{invitation}/mailbox/{mail_id}",
      scope: "accounts",
      write: true,
      handle: (ctx) =>
        env.write((view) => {
          const invitation = invitationOf(view, ctx);
          const hostingId = parseId(ctx.params["mail_id"], "mail_id");
          const body = parseBody(DetachMailbox, ctx.body);
          const before = invitation.mailboxes.length;
          invitation.mailboxes = invitation.mailboxes.filter(
            (m) => !(m.mailHostingId === hostingId && m.mailboxName === body.mailbox_name),
          );
          if (invitation.mailboxes.length === before)
            throw notFound("The mailbox is not attached to this invitation");
          return { data: show.accountInvitation(invitation) };
        }),
    },
  ];
}
