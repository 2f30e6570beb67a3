import { productsOf } from "../products";
import * as show from "../representations";
import { paginate, paginateWhenAsked } from "../requestParsing";
import type { Route } from "../router";
import { parseId } from "../store";
import type { RouteEnv } from "./routeEnv";

/** Mail hostings of an account (as products), and their mailboxes. */
export function mailboxRoutes(env: RouteEnv): Route[] {
  return [
    {
      method: "GET",
      // SPEC_CHOICES.mailHostingProducts: not in the spec subset; a mail hosting is a product.
      template: "/1/products",
      scope: "accounts",
      write: false,
      handle: (ctx) => {
        const view = env.read();
        const raw = ctx.query.get("account_id");
        const accounts =
          raw === null
            ? view.visibleAccounts(ctx.tokenUserId)
            : [view.visibleAccount(parseId(raw, "account_id"), ctx.tokenUserId)];
        const hostings = view.state.mailHostings.filter((h) => accounts.some((a) => a.id === h.accountId));
        const service = ctx.query.get("service_name");
        const products = productsOf(hostings).filter((p) => service === null || p.service_name === service);
        return paginateWhenAsked(products, ctx.query);
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
