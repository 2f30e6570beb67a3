import { z } from "zod";

/** The permission presets the generated grants cycle through. */
export const PRESETS = ["readOnly", "delegate", "manager", "full"] as const;

export const Grant = z.object({
  name: z.string(),
  mailbox: z.string(),
  /** The member's id in the seed (the program declares by address, as users do). */
  userId: z.number().int(),
  email: z.string(),
  preset: z.enum(PRESETS),
});
export type Grant = z.infer<typeof Grant>;

export const Invitation = z.object({ name: z.string(), mailbox: z.string(), email: z.string() });
export type Invitation = z.infer<typeof Invitation>;

/**
 * What the benchmark's program declares, written by the benchmark into the project folder before
 * each operation: the generated organisation, the engine baseline (probes), or an exported spec file.
 */
export const Declaration = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("organisation"),
    mailHostingId: z.number().int(),
    grants: z.array(Grant),
    invitations: z.array(Invitation),
  }),
  // `changed` probes carry a second label: the baseline's counterpart of a change to that many grants.
  z.object({ kind: z.literal("probes"), count: z.number().int(), changed: z.number().int() }),
  z.object({ kind: z.literal("spec"), file: z.string() }),
]);
export type Declaration = z.infer<typeof Declaration>;

export const DECLARATION_FILE = "declaration.json";
