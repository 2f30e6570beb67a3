import { z } from "zod";
import { LEGACY_PERMISSIONS, permissionsOf } from "../permissionNames";
import { ApiFailure, notFound } from "../apiFailure";
import * as show from "../representations";
import { parseBody, permissionsBody } from "../requestParsing";
import type { RequestContext, Route } from "../router";
import { parseId } from "../store";
import type { StateView } from "../store";
import {
  createMailboxInvitation,
  findMailboxInvitation,
  isLive,
  pendingInvitations,
  sendMailboxInvitation,
} from "./mailboxInvitations";
import type { RouteEnv } from "./routeEnv";
import { userAccessRoutes } from "./userAccessRoutes";
import { requireFamily } from "./routeEnv";

const Permissions = permissionsBody(LEGACY_PERMISSIONS);

const PatchUser = z.object({ permissions: Permissions });
const PatchInvitation = z.object({
  permissions: Permissions.optional(),
  force_email: z.boolean().optional(),
});
const CreateInvitation = z.object({
  permissions: Permissions,
  firstname: z.string().optional(),
  lastname: z.string().optional(),
  send_email: z.boolean().optional(),
  force_email: z.number().int().optional(),
  signature_template_id: z.string().optional(),
});
const Send = z.object({
  key: z.string().min(1),
  email: z.email(),
  language: z.enum(["de", "en", "es", "fr", "it"]).optional(),
  firstname: z.string().optional(),
  lastname: z.string().optional(),
  force_email: z.number().int().optional(),
  phone: z.string().optional(),
  permissions: z.array(z.unknown()).optional(),
});

const BASE = "/1/mail_hostings/{mail_hosting_id}/mailboxes/{mailbox_name}";

function target(view: StateView, ctx: RequestContext, family: "legacy" | "any" = "legacy") {
  const found = view.mailbox(
    parseId(ctx.params["mail_hosting_id"], "mail_hosting_id"),
    ctx.params["mailbox_name"] ?? "",
    ctx.tokenUserId,
  );
  if (family === "legacy") requireFamily(view, found.hosting, "legacy");
  return found;
}

/** The legacy `users` / `invitations` family; migrated accounts get 501 here. */
export function legacyAccessRoutes(env: RouteEnv): Route[] {
  return [
    {
      method: "GET",
      template: `${BASE}/users`,
      scope: "mail",
      write: false,
      handle: (ctx) => {
        const view = env.read();
        const { hosting, mailbox } = target(view, ctx);
        // SPEC_CHOICES.legacyListingOptionalFields: what the listing leaves out is the seed's to say.
        const omits = view.state.apiBehaviour.legacyListingOmits;
        const users = view.accessesOf(hosting.id, mailbox.name).flatMap((a) => {
          const user = view.user(a.userId);
          return user ? [show.legacyMailboxUser(a, user, !omits.includes("permissions"))] : [];
        });
        if (omits.includes("invitations")) return { data: { users } };
        const now = env.store.now();
        const invitations = pendingInvitations(view, hosting, mailbox.name).map((i) =>
          show.legacyInvitation(hosting, i, now),
        );
        return { data: { users, invitations } };
      },
    },
    {
      method: "GET",
      template: `${BASE}/invitations`,
      scope: "mail",
      write: false,
      handle: (ctx) => {
        const view = env.read();
        const { hosting, mailbox } = target(view, ctx);
        const now = env.store.now();
        const invitations = view.state.mailboxInvitations
          .filter(
            (i) =>
              i.mailHostingId === hosting.id &&
              i.mailboxName === mailbox.name &&
              (i.status === "pending" || i.status === "accepted"),
          )
          .map((i) => show.legacyInvitation(hosting, i, now));
        return { data: invitations };
      },
    },
    ...userAccessRoutes(env, {
      template: `${BASE}/users/{user_id}`,
      target: (view, ctx) => target(view, ctx),
      patch: PatchUser,
      missing: () => notFound("The user has no access to this mailbox"),
    }),
    {
      method: "POST",
      template: `${BASE}/auth/invitations`,
      scope: "mail",
      write: true,
      handle: (ctx) =>
        env.write((view) => {
          const found = target(view, ctx);
          const body = parseBody(CreateInvitation, ctx.body);
          const invitation = createMailboxInvitation(env.store, view, found, {
            permissions: body.permissions,
            firstName: body.firstname,
            lastName: body.lastname,
          });
          return { data: show.legacyInvitation(found.hosting, invitation, env.store.now()) };
        }),
    },
    {
      method: "PUT",
      template: `${BASE}/auth/invitations/send`,
      scope: "mail",
      write: true,
      handle: (ctx) =>
        env.write((view) => {
          const found = target(view, ctx);
          const body = parseBody(Send, ctx.body);
          const invitation = findMailboxInvitation(view, found, body.key);
          sendMailboxInvitation(env.store, view, found, invitation, body.email);
          return { data: true };
        }),
    },
    {
      method: "PATCH",
      template: `${BASE}/invitations/{key}`,
      scope: "mail",
      write: true,
      handle: (ctx) =>
        env.write((view) => {
          // SPEC_CHOICES.pendingLinkRoutes: this route serves both families.
          const found = target(view, ctx, "any");
          const body = parseBody(PatchInvitation, ctx.body);
          const invitation = findMailboxInvitation(view, found, ctx.params["key"] ?? "");
          if (!isLive(invitation, env.store.now())) {
            throw new ApiFailure(400, "cannot_update_invitation", "Cannot update invitation");
          }
          // A re-send within the interval fails the whole request, so it is tried before any change.
          if (body.force_email === true && invitation.lastSentAt !== null) {
            sendMailboxInvitation(env.store, view, found, invitation, invitation.sentTo);
          }
          // Only the link's own family's rights: a webmail link has no `can_manage_chat`.
          const given = body.permissions ?? {};
          for (const name of permissionsOf(view.familyOf(found.hosting))) {
            const value = given[name];
            if (value !== undefined) invitation.permissions[name] = value;
          }
          return { data: true };
        }),
    },
    {
      method: "DELETE",
      template: `${BASE}/invitations/{key}`,
      scope: "mail",
      write: true,
      handle: (ctx) =>
        env.write((view) => {
          // SPEC_CHOICES.pendingLinkRoutes: this route serves both families.
          const found = target(view, ctx, "any");
          const invitation = findMailboxInvitation(view, found, ctx.params["key"] ?? "");
          if (invitation.status !== "pending") throw notFound("Invitation not found");
          invitation.status = "cancelled";
          return { data: true };
        }),
    },
  ];
}
