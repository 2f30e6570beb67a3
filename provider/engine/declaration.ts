import type { z } from "zod";
import type { CheckFailure } from "./protocol";
import { containsUnknown, failuresOf, withoutProvider } from "./protocol";

export type Declaration<T> =
  | { kind: "invalid"; failures: CheckFailure[] }
  /** Some inputs are outputs of other resources, unknown during preview: checked again at apply time. */
  | { kind: "partial"; inputs: Record<string, unknown> }
  | { kind: "complete"; declared: T };

/**
 * Parses what the program declared. Fields holding unknown values (outputs of resources not created
 * yet) are left alone; every other problem is a failure naming its input.
 */
export function parseDeclaration<T extends object>(schema: z.ZodType<T>, news: unknown): Declaration<T> {
  const raw = withoutProvider(news);
  const unknownFields = Object.keys(raw).filter((k) => containsUnknown(raw[k]));
  const parsed = schema.safeParse(
    Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, containsUnknown(v) ? undefined : v])),
  );
  const failures = parsed.success
    ? []
    : failuresOf(parsed.error).filter((f) => !unknownFields.includes(f.property));
  if (failures.length > 0) return { kind: "invalid", failures };
  if (!parsed.success || unknownFields.length > 0) return { kind: "partial", inputs: raw };
  return { kind: "complete", declared: parsed.data };
}
