import type { Scope } from "./model";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** What a handler sees of one request. */
export interface RequestContext {
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  /** The Infomaniak user the bearer token belongs to. */
  tokenUserId: number;
}

/** A handler's answer: the `data` of the success envelope, plus top-level fields such as pagination. */
export interface Reply {
  status?: number;
  data: unknown;
  extra?: Record<string, unknown>;
}

export interface Route {
  method: Method;
  /** The path template exactly as the OpenAPI document writes it; request counters use it as the key. */
  template: string;
  scope: Scope;
  /** A write changes state: it is what "applied but the response is lost" and read lag act on. */
  write: boolean;
  handle: (ctx: RequestContext) => Reply;
}

interface CompiledRoute {
  route: Route;
  pattern: RegExp;
  names: string[];
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

/** Matches request paths against templates; `{name}` matches one path segment. */
export class Router {
  private readonly compiled: CompiledRoute[];

  constructor(routes: Route[]) {
    this.compiled = routes.map((route) => {
      const names: string[] = [];
      const source = route.template
        .split("/")
        .map((segment) => {
          const name = /^\{(\w+)\}$/.exec(segment)?.[1];
          if (name === undefined) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
          names.push(name);
          return "([^/]+)";
        })
        .join("/");
      return { route, pattern: new RegExp(`^${source}$`), names };
    });
    // Fewer parameters first, so that a literal segment wins over a parameter
    // (`/1/mail_hostings/accesses/webmail/...` before `/1/mail_hostings/{mail_hosting_id}/...`).
    this.compiled.sort((a, b) => a.names.length - b.names.length);
  }

  /** The route for this method and path, or whether any route has the path (for 405 versus 404). */
  match(method: string, path: string): RouteMatch | { pathKnown: boolean } {
    let pathKnown = false;
    for (const { route, pattern, names } of this.compiled) {
      const found = pattern.exec(path);
      if (!found) continue;
      pathKnown = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      names.forEach((name, i) => {
        params[name] = decodeURIComponent(found[i + 1] ?? "");
      });
      return { route, params };
    }
    return { pathKnown };
  }
}
