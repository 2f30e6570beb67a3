import type { z } from "zod";
import type { ApiFailure } from "../apiFailure";
import type { MailHosting, Mailbox, StoredPermissions } from "../model";
import { parseBody } from "../requestParsing";
import type { RequestContext, Route } from "../router";
import { parseId } from "../store";
import type { StateView } from "../store";
import type { RouteEnv } from "./routeEnv";

export interface UserAccessRouteOptions {
  /** The template of `.../users/{user_id}` in the family's own words. */
  template: string;
  target: (view: StateView, ctx: RequestContext) => { hosting: MailHosting; mailbox: Mailbox };
  patch: z.ZodType<{ permissions: StoredPermissions }>;
  /** The family's own "no such access" answer. */
  missing: () => ApiFailure;
}

/** Change and revoke one user's access: the same rules in both families, with their own routes and errors. */
export function userAccessRoutes(env: RouteEnv, options: UserAccessRouteOptions): Route[] {
  const accessOf = (view: StateView, ctx: RequestContext) => {
    const { hosting, mailbox } = options.target(view, ctx);
    const userId = parseId(ctx.params["user_id"], "user_id");
    const access = view.accessesOf(hosting.id, mailbox.name).find((a) => a.userId === userId);
    if (!access) throw options.missing();
    return access;
  };
  return [
    {
      method: "PATCH",
      template: options.template,
      scope: "mail",
      write: true,
      handle: (ctx) =>
        env.write((view) => {
          const access = accessOf(view, ctx);
          const body = parseBody(options.patch, ctx.body);
          access.permissions = { ...access.permissions, ...body.permissions };
          return { data: true };
        }),
    },
    {
      method: "DELETE",
      template: options.template,
      scope: "mail",
      write: true,
      handle: (ctx) =>
        env.write((view) => {
          const access = accessOf(view, ctx);
          view.state.accesses = view.state.accesses.filter((a) => a !== access);
          return { data: true };
        }),
    },
  ];
}
