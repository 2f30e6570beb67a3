import { z } from "zod";
import { CLIENT_ERROR_CODES, InfomaniakApiError } from "./errors";
import type { ApiPath, Transport } from "./transport";

/** The page size we ask for; the API may serve fewer, so we always follow `pages`. */
export const PER_PAGE = 100;

/** Every item of a paged list: asks page after page until the answer's `pages`. */
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
    if (!answer.page) {
      throw new InfomaniakApiError(
        `GET ${path}`,
        200,
        CLIENT_ERROR_CODES.invalidResponse,
        "a paged list came without total/page/pages/items_per_page",
      );
    }
    items.push(...answer.data);
    if (page >= answer.page.pages || answer.data.length === 0) return items;
  }
}
