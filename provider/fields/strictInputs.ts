import { z } from "zod";

/** A resource's declared inputs: an unknown key is refused by name, so a typo never drops a setting. */
export function strictInputs<T extends z.ZodRawShape>(shape: T) {
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === "unrecognized_keys" ? `unknown input: ${issue.keys.join(", ")}` : undefined,
  });
}
