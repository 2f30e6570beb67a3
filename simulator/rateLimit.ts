/** A sliding-window limit per token: at most `perWindow` requests in any `windowMs`. */
export class TokenRateLimit {
  private readonly seen = new Map<string, number[]>();

  constructor(
    public perWindow = 60,
    public windowMs = 60_000,
  ) {}

  /** Records the request; returns the seconds to wait when it is over the limit (and not recorded). */
  admit(token: string, now = Date.now()): { ok: true } | { ok: false; retryAfterSeconds: number } {
    if (this.perWindow <= 0) return { ok: true };
    const recent = (this.seen.get(token) ?? []).filter((t) => t > now - this.windowMs);
    if (recent.length >= this.perWindow) {
      this.seen.set(token, recent);
      const oldest = recent[0] ?? now;
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000)) };
    }
    recent.push(now);
    this.seen.set(token, recent);
    return { ok: true };
  }

  reset(): void {
    this.seen.clear();
  }
}
