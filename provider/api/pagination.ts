import { z } from "zod";
import type { ApiPath, Transport } from "./transport";

/** The page size we ask for; the API may serve fewer, so we always follow `pages`. */
export const PER_PAGE = 100;

/**
 * Every item of a list: asks page after page until the answer's `pages`. An answer without the
 * pagination fields is the whole list: some routes do not paginate although the spec says they do
 * (SPEC_CHOICES.accountUsersUnpaginated), and an answer may stop paginating at any time.
 */
export async function listAllPages<T>(
  transport: Transport,
  path: ApiPath,
  item: z.ZodType<T>,
  query: Record<string, string | number> = {},
): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; ; page++) {
    const answer = await transport.call({
      method: "GET",
      path,
      query: { ...query, page, per_page: PER_PAGE },
      response: z.array(item),
      kind: "idempotent",
    });
    items.push(...answer.data);
    if (!answer.page || page >= answer.page.pages || answer.data.length === 0) return items;
  }
}
