/**
 * The process-wide request budget: at most `perWindow` requests start in any `windowMs`, shared by all
 * resources of a run, and a pause for everyone when the API answers 429 with Retry-After.
 */
export class RateLimiter {
  private readonly starts: number[] = [];
  private pausedUntil = 0;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly perWindow: number,
    readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /** Resolves when a request may start; callers are served in order. */
  acquire(): Promise<void> {
    const turn = this.queue.then(() => this.waitForSlot());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** Nobody starts a request for `seconds` (the API's Retry-After). */
  pauseFor(seconds: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + seconds * 1000);
  }

  private async waitForSlot(): Promise<void> {
    for (;;) {
      const now = this.now();
      while (this.starts.length > 0 && (this.starts[0] ?? 0) <= now - this.windowMs) this.starts.shift();
      const wait = Math.max(
        this.pausedUntil - now,
        this.starts.length >= this.perWindow ? (this.starts[0] ?? now) + this.windowMs - now : 0,
      );
      if (wait <= 0) {
        this.starts.push(now);
        return;
      }
      await this.sleep(wait);
    }
  }
}
