import { z } from "zod";
import { WEBMAIL_PERMISSIONS } from "../permissionNames";
import { ApiFailure } from "../apiFailure";
import { grantAccess } from "../lifecycle";
import * as show from "../representations";
import { paginate, parseBody, permissionsBody } from "../requestParsing";
import type { RequestContext, Route } from "../router";
import { parseId } from "../store";
import type { StateView } from "../store";
import {
  createMailboxInvitation,
  findMailboxInvitation,
  pendingInvitations,
  sendMailboxInvitation,
} from "./mailboxInvitations";
import type { RouteEnv } from "./routeEnv";
import { userAccessRoutes } from "./userAccessRoutes";
import { requireFamily } from "./routeEnv";

const Permissions = permissionsBody(WEBMAIL_PERMISSIONS);

const Grant = z.object({ user_id: z.number().int().positive(), permissions: Permissions.optional() });
// SPEC_CHOICES.patchPermissions: an object of booleans.
const Patch = z.object({ permissions: Permissions });
const CreateLink = z.object({
  permissions: Permissions.optional(),
  firstname: z.string().optional(),
  lastname: z.string().optional(),
  force_email: z.boolean().optional(),
  signature_template_id: z.string().optional(),
});
const Send = z.object({ email: z.email(), language: z.enum(["de", "en", "es", "fr", "it"]).optional() });

const BASE = "/1/mail_hostings/{service_mail}/mailboxes/{mailbox_name}/accesses/webmail";

function target(view: StateView, ctx: RequestContext) {
  const found = view.mailbox(
    parseId(ctx.params["service_mail"], "service_mail"),
    ctx.params["mailbox_name"] ?? "",
    ctx.tokenUserId,
  );
  requireFamily(view, found.hosting, "webmail");
  return found;
}

function noAccess(): ApiFailure {
  return new ApiFailure(404, "user_has_no_access_to_mailbox", "The user has no access to this mailbox");
}

/** The new `accesses/webmail` family; accounts still on the legacy family get 501 here. */
export function webmailAccessRoutes(env: RouteEnv): Route[] {
  return [
    {
      method: "GET",
      template: BASE,
      scope: "mail",
      write: false,
      handle: (ctx) => {
        const view = env.read();
        const { hosting, mailbox } = target(view, ctx);
        const accesses = view.accessesOf(hosting.id, mailbox.name).flatMap((a) => {
          const user = view.user(a.userId);
          return user ? [{ user_access: show.webmailUserAccess(hosting, a, user) }] : [];
        });
        // SPEC_CHOICES.teamAccessItem: "user accesses, team accesses, and invitations", in that order.
        const teamAccesses = view.teamAccessesOf(hosting.id, mailbox.name).flatMap((a) => {
          const team = view.team(a.teamId);
          return team ? [{ team_access: show.webmailTeamAccess(a, team) }] : [];
        });
        const invitations = pendingInvitations(view, hosting, mailbox.name).map((i) => ({
          invitation: show.webmailInvitation(i),
        }));
        return paginate([...accesses, ...teamAccesses, ...invitations], ctx.query);
      },
    },
    {
      method: "POST",
      template: BASE,
      scope: "mail",
      write: true,
      handle: (ctx) =>
        env.write((view) => {
          const found = target(view, ctx);
          const body = parseBody(Grant, ctx.body);
          if (!view.isMember(found.hosting.accountId, body.user_id)) {
            throw new ApiFailure(
              422,
              "user_not_attached_to_account",
              "The user is not attached to the account",
            );
          }
          if (view.accessesOf(found.hosting.id, found.mailbox.name).some((a) => a.userId === body.user_id)) {
            throw new ApiFailure(
              409,
              "user_already_has_access_to_mailbox",
              "The user already has access to this mailbox",
            );
          }
          grantAccess(env.store, view, {
            mailHostingId: found.hosting.id,
            mailboxName: found.mailbox.name,
            userId: body.user_id,
            permissions: body.permissions ?? {},
          });
          return { status: 201, data: true };
        }),
    },
    ...userAccessRoutes(env, {
      template: `${BASE}/users/{user_id}`,
      target,
      patch: Patch,
      missing: noAccess,
    }),
    {
      method: "POST",
      template: `${BASE}/invitations`,
      scope: "mail",
      write: true,
      handle: (ctx) =>
        env.write((view) => {
          const found = target(view, ctx);
          const body = parseBody(CreateLink, ctx.body);
          const invitation = createMailboxInvitation(env.store, view, found, {
            permissions: body.permissions ?? {},
            firstName: body.firstname,
            lastName: body.lastname,
          });
          return { data: show.webmailInvitation(invitation) };
        }),
    },
    {
      method: "POST",
      template: `${BASE}/invitations/{invitation_webmail}/send`,
      scope: "mail",
      write: true,
      handle: (ctx) =>
        env.write((view) => {
          const found = target(view, ctx);
          const body = parseBody(Send, ctx.body);
          const invitation = findMailboxInvitation(view, found, ctx.params["invitation_webmail"] ?? "");
          sendMailboxInvitation(env.store, view, found, invitation, body.email);
          return { data: true };
        }),
    },
  ];
}
