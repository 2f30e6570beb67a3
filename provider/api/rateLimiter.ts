import type { LimiterJournal } from "./limiterJournal";

/**
 * The process-wide request budget: at most `perWindow` requests in any `windowMs`, shared by all
 * resources of a run, and a pause for everyone when the API answers 429 with Retry-After.
 *
 * A request occupies its slot from the moment it may start until `windowMs` after its answer came
 * back: the server counts it somewhere in between (requests also queue for a connection), so counting
 * from the answer never lets the server see more than `perWindow` in its own window.
 */
export class RateLimiter {
  /** When each recent request finished; `Infinity` while it runs. */
  private readonly slots: number[];
  private pausedUntil = 0;
  private queue: Promise<void> = Promise.resolve();
  private wake: (() => void) | undefined;

  constructor(
    readonly perWindow: number,
    readonly windowMs = 60_000,
    private readonly journal?: LimiterJournal,
    private readonly now: () => number = Date.now,
  ) {
    const horizon = this.now() - windowMs;
    this.slots = (journal?.load() ?? []).filter((t) => t > horizon).sort((a, b) => a - b);
  }

  /** Resolves when a request may start, with the function to call when its answer arrived. */
  acquire(): Promise<() => void> {
    const turn = this.queue.then(() => this.waitForSlot());
    this.queue = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn.then(() => () => this.release());
  }

  /** Nobody starts a request for `seconds` (the API's Retry-After). */
  pauseFor(seconds: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + seconds * 1000);
  }

  private release(): void {
    const running = this.slots.indexOf(Infinity);
    if (running >= 0) this.slots[running] = this.now();
    this.journal?.save(this.slots.filter((t) => t !== Infinity));
    this.wake?.();
  }

  private async waitForSlot(): Promise<void> {
    for (;;) {
      const now = this.now();
      while (this.slots.length > 0 && (this.slots[0] ?? 0) <= now - this.windowMs) this.slots.shift();
      this.slots.sort((a, b) => a - b);
      let wait = this.pausedUntil - now;
      if (this.slots.length >= this.perWindow) {
        const oldest = this.slots[0] ?? Infinity;
        wait = Math.max(wait, oldest === Infinity ? Infinity : oldest + this.windowMs - now);
      }
      if (wait <= 0) {
        this.slots.push(Infinity);
        return;
      }
      await new Promise<void>((resolve) => {
        const timer = wait === Infinity ? undefined : setTimeout(resolve, wait);
        this.wake = () => {
          if (timer) clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }
}
