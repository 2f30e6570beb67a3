import { z } from "zod";
import type { PermissionName } from "./permissionNames";
import { validationFailed } from "./apiFailure";
import type { Reply } from "./router";

/** Validates a request body the way Infomaniak does: 422 `validation_failed` with one error per field. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  throw validationFailed(
    parsed.error.issues.map((issue) => ({
      code: `validation_rule_${issue.code}`,
      description: issue.message,
      attribute: issue.path.join(".") || "body",
    })),
  );
}

export const DEFAULT_PER_PAGE = 15;
export const MAX_PER_PAGE = 100;

function positiveInt(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  if (!/^[1-9][0-9]*$/.test(raw)) {
    throw validationFailed([
      { code: "validation_rule_integer", description: `${name} must be a positive integer`, attribute: name },
    ]);
  }
  return Number(raw);
}

/**
 * `page` / `per_page` pagination with `total`, `page`, `pages` and `items_per_page` beside `data`.
 * The lists that page always do (default 15 a page, at most 100): a client that reads one page misses items.
 */
export function paginate(items: unknown[], query: URLSearchParams): Reply {
  const perPage = Math.min(positiveInt(query, "per_page") ?? DEFAULT_PER_PAGE, MAX_PER_PAGE);
  const page = positiveInt(query, "page") ?? 1;
  const pages = Math.max(1, Math.ceil(items.length / perPage));
  return {
    data: items.slice((page - 1) * perPage, page * perPage),
    extra: { total: items.length, page, pages, items_per_page: perPage },
  };
}

/**
 * Pages only when asked: the page fields are "Added when using query parameter `page`" (the spec's
 * `Pagination`); without `page`, the whole list.
 */
export function paginateWhenAsked(items: unknown[], query: URLSearchParams): Reply {
  return query.has("page") ? paginate(items, query) : { data: items };
}

/** A family's permission booleans, each optional; an unknown name is a 422, never ignored. */
export function permissionsBody(names: readonly PermissionName[]) {
  return z.strictObject(
    Object.fromEntries(names.map((name) => [name, z.boolean().optional()])) as Record<
      PermissionName,
      z.ZodOptional<z.ZodBoolean>
    >,
  );
}
