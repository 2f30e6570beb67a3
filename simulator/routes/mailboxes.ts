import { ApiFailure } from "../apiFailure";
import * as show from "../representations";
import { paginate } from "../requestParsing";
import type { Route } from "../router";
import { parseId } from "../store";
import type { RouteEnv } from "./routeEnv";

/** Mail hostings of an account, and their mailboxes. */
export function mailboxRoutes(env: RouteEnv): Route[] {
  return [
    {
      method: "GET",
      // SPEC_CHOICES.mailHostingList: not in the spec subset.
      template: "/1/mail_hostings",
      scope: "mail",
      write: false,
      handle: (ctx) => {
        const view = env.read();
        const raw = ctx.query.get("account_id");
        if (raw === null) {
          throw new ApiFailure(422, "validation_failed", "The given data was invalid", [
            {
              code: "validation_rule_required",
              description: "account_id is required",
              attribute: "account_id",
            },
          ]);
        }
        const account = view.visibleAccount(parseId(raw, "account_id"), ctx.tokenUserId);
        const hostings = view.state.mailHostings
          .filter((h) => h.accountId === account.id)
          .map(show.mailHosting);
        return paginate(hostings, ctx.query);
      },
    },
    {
      method: "GET",
      template: "/1/mail_hostings/{mail_hosting_id}/mailboxes",
      scope: "mail",
      write: false,
      handle: (ctx) => {
        const view = env.read();
        const hosting = view.mailHosting(
          parseId(ctx.params["mail_hosting_id"], "mail_hosting_id"),
          ctx.tokenUserId,
        );
        const mailboxes = view.state.mailboxes
          .filter((m) => m.mailHostingId === hosting.id)
          .map((m) => show.mailbox(hosting, m, view.state));
        return paginate(mailboxes, ctx.query);
      },
    },
    {
      method: "GET",
      template: "/1/mail_hostings/{mail_hosting_id}/mailboxes/{mailbox_name}",
      scope: "mail",
      write: false,
      handle: (ctx) => {
        const view = env.read();
        const hostingId = parseId(ctx.params["mail_hosting_id"], "mail_hosting_id");
        const { hosting, mailbox } = view.mailbox(
          hostingId,
          ctx.params["mailbox_name"] ?? "",
          ctx.tokenUserId,
        );
        return { data: show.mailbox(hosting, mailbox, view.state) };
      },
    },
  ];
}
