import { Faults } from "../../simulator/faults";
import { TokenRateLimit } from "../../simulator/rateLimit";
import { Router } from "../../simulator/router";

describe("simulator router", () => {
  const route = (method: "GET" | "POST", template: string) => ({
    method,
    template,
    scope: "mail" as const,
    write: false,
    handle: () => ({ data: template }),
  });
  const router = new Router([
    route("GET", "/1/mail_hostings/{mail_hosting_id}/mailboxes"),
    route("GET", "/1/mail_hostings/accesses/webmail"),
    route("GET", "/1/mail_hostings/{mail_hosting_id}/mailboxes/{mailbox_name}"),
  ]);

  it("prefers literal segments and decodes parameters", () => {
    expect(router.match("GET", "/1/mail_hostings/accesses/webmail")).toMatchObject({
      route: { template: "/1/mail_hostings/accesses/webmail" },
    });
    expect(router.match("GET", "/1/mail_hostings/10/mailboxes/a%2Fb")).toMatchObject({
      params: { mail_hosting_id: "10", mailbox_name: "a/b" },
    });
  });

  it("tells a known path with another method from an unknown path", () => {
    expect(router.match("POST", "/1/mail_hostings/10/mailboxes")).toEqual({ pathKnown: true });
    expect(router.match("GET", "/nothing")).toEqual({ pathKnown: false });
  });
});

describe("simulator faults", () => {
  it("fires a burst exactly `count` times, on the matching route only", () => {
    const faults = new Faults();
    faults.set({ rules: [{ kind: "error", route: "/a", count: 2 }] });
    const picks = ["/a", "/b", "/a", "/a"].map((route) => faults.pick("GET", route)?.kind);
    expect(picks).toEqual(["error", undefined, "error", undefined]);
  });

  it("draws rates from a seed, so a run replays", () => {
    const draw = () => {
      const faults = new Faults();
      faults.set({ seed: 7, rules: [{ kind: "reset", rate: 0.3 }] });
      return Array.from({ length: 200 }, () => faults.pick("GET", "/x") !== undefined);
    };
    const first = draw();
    expect(draw()).toEqual(first);
    const hits = first.filter(Boolean).length;
    expect(hits).toBeGreaterThan(30);
    expect(hits).toBeLessThan(90);
  });
});

describe("simulator rate limit", () => {
  it("admits `perWindow` requests per token per window, then asks to wait", () => {
    const limit = new TokenRateLimit(2, 1000);
    expect(limit.admit("a", 0)).toEqual({ ok: true });
    expect(limit.admit("a", 100)).toEqual({ ok: true });
    expect(limit.admit("b", 100)).toEqual({ ok: true });
    expect(limit.admit("a", 200)).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(limit.admit("a", 1001)).toEqual({ ok: true });
  });
});
