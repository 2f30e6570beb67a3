import type { z } from "zod";
import type { CheckFailure } from "./protocol";
import { containsUnknown, failuresOf, withoutProvider } from "./protocol";
import { unknownPermissionFailures } from "../fields/permissions";

function permissionsOf(declared: object | undefined): Record<string, boolean> | undefined {
  return declared && "permissions" in declared
    ? (declared.permissions as Record<string, boolean> | undefined)
    : undefined;
}

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
  const failures = [
    ...(parsed.success ? [] : failuresOf(parsed.error).filter((f) => !unknownFields.includes(f.property))),
    ...unknownPermissionFailures(permissionsOf(parsed.data)),
  ];
  if (failures.length > 0) return { kind: "invalid", failures };
  if (!parsed.success || unknownFields.length > 0) return { kind: "partial", inputs: raw };
  return { kind: "complete", declared: parsed.data };
}
