import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";

/** The engine's placeholder for a value not known during preview (an output of another resource). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export type Unknown = typeof UNKNOWN;

export function isUnknown(value: unknown): value is Unknown {
  return value === UNKNOWN;
}

/** Whether a value is unknown or holds an unknown anywhere (a list with one id still to come). */
export function containsUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (typeof value === "object" && value !== null) return Object.values(value).some(containsUnknown);
  return false;
}

export type CheckFailure = pulumi.dynamic.CheckFailure;

/** A problem with one input: the property path and a reason that says what to do. */
export function failure(property: string, reason: string): CheckFailure {
  return { property, reason };
}

/** Zod issues as check failures, each naming the input and the fix. */
export function failuresOf(error: z.ZodError): CheckFailure[] {
  return error.issues.map((issue) => failure(issue.path.join(".") || "(inputs)", issue.message));
}

/** The engine's property bag without the reserved `__provider` key. */
export function withoutProvider(bag: unknown): Record<string, unknown> {
  if (typeof bag !== "object" || bag === null) return {};
  const { __provider: _ignored, ...rest } = bag as Record<string, unknown>;
  return rest;
}
