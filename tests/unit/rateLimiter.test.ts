import { fileJournal } from "../../provider/api/limiterJournal";
import type { LimiterJournal } from "../../provider/api/limiterJournal";
import { RateLimiter } from "../../provider/api/rateLimiter";

async function spend(limiter: RateLimiter, requests: number): Promise<void> {
  for (let i = 0; i < requests; i++) (await limiter.acquire())();
}

describe("rate limiter", () => {
  it("lets `perWindow` requests through, then waits for the window", async () => {
    const limiter = new RateLimiter(3, 300);
    const started = Date.now();
    await spend(limiter, 3);
    expect(Date.now() - started).toBeLessThan(100);
    await spend(limiter, 1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("counts a running request until its answer", async () => {
    const limiter = new RateLimiter(1, 200);
    const release = await limiter.acquire();
    let second = false;
    const next = limiter.acquire().then((r) => {
      second = true;
      r();
    });
    await new Promise((r) => setTimeout(r, 250));
    expect(second).toBe(false);
    release();
    await next;
    expect(second).toBe(true);
  });

  it("remembers the window across processes through its journal", async () => {
    let saved: number[] = [];
    const journal: LimiterJournal = { load: () => saved, save: (t) => (saved = t) };
    await spend(new RateLimiter(3, 300, journal), 3);
    expect(saved).toHaveLength(3);
    const started = Date.now();
    await spend(new RateLimiter(3, 300, journal), 1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it("keeps its journal in a file named without the token", () => {
    const journal = fileJournal("http://127.0.0.1:1", "secret-token-for-journal-test");
    journal.save([1, 2, 3]);
    expect(journal.load()).toEqual([1, 2, 3]);
    expect(fileJournal("http://127.0.0.1:1", "another-token").load()).not.toEqual([1, 2, 3]);
  });

  it("pauses everyone for Retry-After", async () => {
    const limiter = new RateLimiter(100, 1000);
    limiter.pauseFor(0.3);
    const started = Date.now();
    await spend(limiter, 1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  });
});
