import { MAX_JSON_DEPTH, nestsDeeperThan } from "../boundedAnswer";
import { CLIENT_ERROR_CODES, InfomaniakApiError } from "../errors";
import { ErrorEnvelope, SuccessEnvelope } from "../schemas";
import type { Answer, Call } from "./call";
import { endpointOf } from "./call";

/** An answer as it arrived, before it is interpreted. */
export interface RawAnswer {
  status: number;
  text: string;
  requestId: string | undefined;
  retryAfter: string | undefined;
}

/**
 * What an answer means: its data in the call's schema (with its page, on a paged list), or an
 * InfomaniakApiError: an error status or envelope, a body that is not the envelope, a shape we did not
 * expect. `tokenEnv` names where a refused token came from (for the hint).
 */
export function readAnswer<T>(call: Call<T>, raw: RawAnswer, tokenEnv?: string): Answer<T> {
  const endpoint = endpointOf(call);
  const { status, text, requestId } = raw;
  const invalid = (why: string) =>
    new InfomaniakApiError(endpoint, status, CLIENT_ERROR_CODES.invalidResponse, why, { requestId });
  const json = jsonOf(text, endpoint, status, requestId);
  const failure = ErrorEnvelope.safeParse(json);
  if (status >= 400 || failure.success) {
    const retryAfterSeconds = parseRetryAfter(raw.retryAfter);
    throw failure.success
      ? new InfomaniakApiError(endpoint, status, failure.data.error.code, failure.data.error.description, {
          requestId,
          retryAfterSeconds,
          tokenEnv,
          fieldErrors: failure.data.error.errors.map((e) => ({
            attribute: e.context.attribute ?? "",
            code: e.code,
            description: e.description,
          })),
        })
      : new InfomaniakApiError(endpoint, status, `http_${status}`, describeBody(text), {
          requestId,
          retryAfterSeconds,
        });
  }
  const envelope = SuccessEnvelope.safeParse(json);
  if (!envelope.success)
    throw invalid(`the answer is not Infomaniak's success envelope (${describeBody(text)})`);
  const data = call.response.safeParse(envelope.data.data);
  if (!data.success) {
    const issues = data.error.issues
      .slice(0, 3)
      .map((i) => `data.${i.path.join(".")}: ${i.message}`)
      .join("; ");
    throw invalid(`unexpected response shape: ${issues}`);
  }
  const { total, page, pages, items_per_page: itemsPerPage } = envelope.data;
  return {
    data: data.data,
    ...(total !== undefined && page !== undefined && pages !== undefined && itemsPerPage !== undefined
      ? { page: { total, page, pages, itemsPerPage } }
      : {}),
  };
}

function parseRetryAfter(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/**
 * The answer's JSON (undefined when it is none), parsed only once a scan found it no deeper than any
 * Infomaniak answer: a million nested arrays cost the scan, not the parser's memory.
 */
function jsonOf(text: string, endpoint: string, status: number, requestId: string | undefined): unknown {
  if (nestsDeeperThan(text, MAX_JSON_DEPTH))
    throw new InfomaniakApiError(
      endpoint,
      status,
      CLIENT_ERROR_CODES.tooDeep,
      `the answer's JSON nests deeper than ${MAX_JSON_DEPTH} levels, which no Infomaniak answer does: it was not parsed`,
      { requestId },
    );
  try {
    return text === "" ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A short, token-free description of a body that is not the expected JSON. */
function describeBody(text: string): string {
  if (text.trim() === "") return "empty body";
  const oneLine = text.replace(/\s+/g, " ").trim();
  return `body: ${oneLine.length > 120 ? `${oneLine.slice(0, 120)}…` : oneLine}`;
}
