import { z } from "zod";
import { seededRandom } from "./seededRandom";

/**
 * Fault injection, set through the admin route `PUT /__admin/faults`. Each rule applies to requests
 * whose route template (and method) match: for the next `count` of them (a burst), or to each with
 * probability `rate` (seeded, so a run can be replayed), or both (the first `count` draws that hit).
 */
export const FaultKind = z.enum([
  /** A 5xx answer; nothing changes. */
  "error",
  /** A 429 with Retry-After; nothing changes. */
  "rateLimit",
  /** The connection is reset before the request is handled; nothing changes. */
  "reset",
  /** No answer for `delayMs`, then the connection closes; nothing changes. */
  "timeout",
  /** The request is applied, then the connection is reset: the client cannot know it succeeded. */
  "lostResponse",
  /**
   * The request is applied, then its answer trickles: one byte every `delayMs` (a misbehaving proxy),
   * which a client's idle timers never catch.
   */
  "trickle",
]);
export type FaultKind = z.infer<typeof FaultKind>;

export const FaultRule = z.object({
  kind: FaultKind,
  /** A route template exactly as in the spec (`/1/mail_hostings/{mail_hosting_id}/mailboxes`), or `*`. */
  route: z.string().default("*"),
  method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]).optional(),
  count: z.number().int().positive().optional(),
  rate: z.number().min(0).max(1).optional(),
  status: z.number().int().min(500).max(599).default(503),
  delayMs: z.number().int().nonnegative().default(30_000),
  retryAfterSeconds: z.number().int().nonnegative().default(1),
});
export type FaultRule = z.infer<typeof FaultRule>;

export const FaultProfile = z.object({
  /** Added before every API request. */
  latencyMs: z.number().int().nonnegative().default(0),
  /** Reads see the state as it was this many milliseconds ago. */
  readLagMs: z.number().int().nonnegative().default(0),
  rules: z.array(FaultRule).default([]),
  seed: z.number().int().default(1),
});
export type FaultProfile = z.infer<typeof FaultProfile>;
export type FaultProfileInput = z.input<typeof FaultProfile>;

export class Faults {
  private profile: FaultProfile = FaultProfile.parse({});
  private remaining: (number | undefined)[] = [];
  private draw: () => number = seededRandom(1);

  set(input: FaultProfileInput): FaultProfile {
    this.profile = FaultProfile.parse(input);
    this.remaining = this.profile.rules.map((r) => r.count);
    this.draw = seededRandom(this.profile.seed);
    return this.profile;
  }

  get current(): FaultProfile {
    return this.profile;
  }

  get latencyMs(): number {
    return this.profile.latencyMs;
  }

  get readLagMs(): number {
    return this.profile.readLagMs;
  }

  /** The fault to inject on this request, if any (at most one: the first rule that fires). */
  pick(method: string, template: string): FaultRule | undefined {
    for (const [i, rule] of this.profile.rules.entries()) {
      if (rule.route !== "*" && rule.route !== template) continue;
      if (rule.method && rule.method !== method) continue;
      const left = this.remaining[i];
      if (left === 0) continue;
      if (rule.rate !== undefined && this.draw() >= rule.rate) continue;
      if (left !== undefined) this.remaining[i] = left - 1;
      return rule;
    }
    return undefined;
  }
}
