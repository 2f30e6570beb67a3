/**
 * Limits on what one answer may cost, applied while it arrives and before it is parsed: a server
 * that trickles, never ends, sends too much or nests too deep is refused, not waited on or believed.
 */

/** No Infomaniak answer nests deeper than a handful of levels (envelope, list, item, permissions). */
export const MAX_JSON_DEPTH = 64;

/** Why a body was not read to its end. */
export class AnswerTooLarge extends Error {
  override readonly name = "AnswerTooLarge";
  constructor(readonly limit: number) {
    super(`more than ${limit} bytes`);
  }
}

/**
 * The body as text, read a chunk at a time and given up (the connection dropped) as soon as it
 * passes `maxBytes`, or at once when its declared length does.
 */
export async function readBounded(
  body: AsyncIterable<Buffer | Uint8Array> & { destroy: (error?: Error) => unknown },
  declaredLength: string | undefined,
  maxBytes: number,
): Promise<string> {
  if (declaredLength !== undefined && Number(declaredLength) > maxBytes) {
    body.destroy();
    throw new AnswerTooLarge(maxBytes);
  }
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of body) {
    bytes += chunk.byteLength;
    if (bytes > maxBytes) {
      body.destroy();
      throw new AnswerTooLarge(maxBytes);
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks, bytes).toString("utf8");
}

/**
 * Whether JSON text nests arrays and objects deeper than `max`: one pass over the text, brackets
 * inside strings not counted. Run before `JSON.parse`, so that a million-deep answer costs a scan.
 */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}
