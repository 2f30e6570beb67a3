import type { z } from "zod";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** A path whose every interpolated value was percent-encoded (see `apiPath`). */
export type ApiPath = string & { readonly __apiPath: unique symbol };

/**
 * Builds a path with every value encoded as one segment: a mailbox name such as `../users` or
 * `a/b?c` can never change the route. Dots stay as they are (`first.last`), as other clients of the
 * live API send them (SPEC_CHOICES.pathSegments); a value that is only `.` or `..` would be a dot
 * segment, so it is refused (no mailbox is named so: inputs refuse it first).
 */
export function apiPath(strings: TemplateStringsArray, ...values: (string | number)[]): ApiPath {
  let path = strings[0] ?? "";
  values.forEach((value, i) => {
    const text = String(value);
    if (text === "." || text === "..") throw new RangeError(`"${text}" cannot be a path segment`);
    path += encodeURIComponent(text) + (strings[i + 1] ?? "");
  });
  return path as ApiPath;
}

export interface Call<T> {
  method: HttpMethod;
  path: ApiPath;
  query?: Record<string, string | number>;
  /** Already shaped by the endpoint's body schema. */
  body?: unknown;
  response: z.ZodType<T>;
  /**
   * `idempotent`: repeat on any retryable failure. `create`: repeat only when the request certainly
   * changed nothing (429, refused connection); otherwise the caller checks whether it took effect.
   */
  kind: "idempotent" | "create";
}

export interface Page {
  total: number;
  page: number;
  pages: number;
  itemsPerPage: number;
}

export interface Answer<T> {
  data: T;
  page?: Page;
}

/**
 * What every layer of the transport is: a call in, its answer out, or a rejection with an
 * InfomaniakApiError. Each layer wraps the next.
 */
export type Send = <T>(call: Call<T>) => Promise<Answer<T>>;

export type LogLine = (line: string) => void;

/** `METHOD /path`, without query string or host: how errors and log lines name a call. */
export function endpointOf(call: Call<unknown>): string {
  return `${call.method} ${call.path}`;
}
