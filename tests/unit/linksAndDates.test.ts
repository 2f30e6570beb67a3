import * as pulumi from "@pulumi/pulumi";
import type { PendingLink } from "../../provider/api/accessFamilies/accessFamily";
import {
  isLive,
  isoHasPassed,
  isoOfSeconds,
  LINK_LIFETIME_SECONDS,
  liveLinkTo,
  unsentLinkSince,
} from "../../provider/links";
import { emailKey, sameEmail } from "../../provider/people";
import {
  acknowledges,
  addDays,
  hasEnded,
  IsoDate,
  reviewChanged,
  utcToday,
} from "../../provider/fields/review";
import { programToday, warnWhenEnded } from "../../sdk/endDates";

const NOW_S = 1_800_000_000;

describe("link times (provider/links.ts)", () => {
  it("converts the API's seconds to ISO 8601 text", () => {
    expect(isoOfSeconds(0)).toBe("1970-01-01T00:00:00.000Z");
    expect(isoOfSeconds(NOW_S)).toBe("2027-01-15T08:00:00.000Z");
  });

  it("a link is live until the second it expires, and forever without an expiry", () => {
    expect(isLive(NOW_S, NOW_S * 1000 - 1)).toBe(true);
    expect(isLive(NOW_S, NOW_S * 1000)).toBe(false);
    expect(isLive(NOW_S, NOW_S * 1000 + 1)).toBe(false);
    expect(isLive(null, NOW_S * 1000)).toBe(true);
    // Judged on this machine's clock by default.
    expect(isLive(Date.now() / 1000 + 60)).toBe(true);
    expect(isLive(Date.now() / 1000 - 60)).toBe(false);
  });

  it("an ISO expiry has passed from its very millisecond", () => {
    const at = "2027-01-15T08:00:00.000Z";
    expect(isoHasPassed(at, Date.parse(at) - 1)).toBe(false);
    expect(isoHasPassed(at, Date.parse(at))).toBe(true);
    expect(isoHasPassed(at, Date.parse(at) + 1)).toBe(true);
    expect(isoHasPassed(new Date(Date.now() - 60_000).toISOString())).toBe(true);
    expect(isoHasPassed(new Date(Date.now() + 60_000).toISOString())).toBe(false);
  });

  it("the live link sent to an address, whatever its case; an expired one stands in nobody's way", () => {
    const future = Date.now() / 1000 + 3600;
    const links = [
      { key: "other", sentTo: "bob@example.ch", expiresAt: future },
      { key: "dead", sentTo: "anna@example.ch", expiresAt: Date.now() / 1000 - 60 },
      { key: "live", sentTo: "Anna@Example.CH", expiresAt: future },
    ];
    expect(liveLinkTo(links, "ANNA@example.ch")?.key).toBe("live");
    expect(liveLinkTo(links.slice(0, 2), "anna@example.ch")).toBeUndefined();
    expect(liveLinkTo(links, "carl@example.ch")).toBeUndefined();
  });

  describe("the unsent link an interrupted run created", () => {
    const started = new Date(Date.now() - 600_000).toISOString();
    // Created two minutes (the clock slack) before the run started: the earliest that still fits.
    const earliest = Date.parse(started) / 1000 - 120 + LINK_LIFETIME_SECONDS;
    const link = (key: string, over: Partial<PendingLink> = {}): PendingLink => ({
      key,
      shortUrl: "",
      sentTo: "",
      expiresAt: earliest,
      permissions: {},
      ...over,
    });
    const readOnly = (l: PendingLink) => l.permissions.can_manage_filters !== true;

    it("fits from the clock slack before the run, not a second earlier", () => {
      expect(unsentLinkSince([link("edge")], readOnly, started)?.key).toBe("edge");
      expect(
        unsentLinkSince([link("early", { expiresAt: earliest - 1 })], readOnly, started),
      ).toBeUndefined();
    });

    it("is never a link already sent, or with other rights", () => {
      expect(
        unsentLinkSince([link("sent", { sentTo: "anna@example.ch" })], readOnly, started),
      ).toBeUndefined();
      expect(
        unsentLinkSince([link("other", { permissions: { can_manage_filters: true } })], readOnly, started),
      ).toBeUndefined();
      expect(
        unsentLinkSince([link("sent", { sentTo: "a@b.ch" }), link("fits")], readOnly, started)?.key,
      ).toBe("fits");
    });
  });
});

describe("addresses name people without regard to case (provider/people.ts)", () => {
  it("keys an address in lower case", () => {
    expect(emailKey("Anna.Muster@EXAMPLE.ch")).toBe("anna.muster@example.ch");
  });

  it("two addresses are the same person only when both are given and match", () => {
    expect(sameEmail("Anna@Example.ch", "anna@example.CH")).toBe(true);
    expect(sameEmail("anna@example.ch", "bob@example.ch")).toBe(false);
    expect(sameEmail("anna@example.ch", undefined)).toBe(false);
    expect(sameEmail(undefined, "anna@example.ch")).toBe(false);
    expect(sameEmail(undefined, undefined)).toBe(false);
  });
});

describe("review dates (provider/fields/review.ts)", () => {
  it.each(["2027-03-31", "2028-02-29", "2027-12-01", "2027-01-09", "2027-10-19", "2027-11-20", "2027-12-30"])(
    "%s is a date",
    (day) => expect(IsoDate.safeParse(day).success).toBe(true),
  );

  it.each([
    "2027-02-29",
    "2027-04-31",
    "2027-13-01",
    "2027-00-10",
    "2027-01-00",
    "2027-01-32",
    "2027-1-01",
    "27-01-01",
    " 2027-01-01",
    "2027-01-01x",
    "x2027-01-01",
  ])("%s is not", (day) => {
    expect(IsoDate.safeParse(day).error?.issues.map((i) => i.message)).toEqual([
      'must be a real date written YYYY-MM-DD, such as "2027-03-31"',
    ]);
  });

  it("an acknowledgement names an entry by its address or its label, ignoring case and spaces; a blank one names nobody", () => {
    expect(acknowledges(" Anna@Example.CH ", { email: "anna@example.ch" })).toBe(true);
    expect(acknowledges("Team Support", { email: "team@example.ch", label: "team support" })).toBe(true);
    expect(acknowledges("team support", { email: "team@example.ch", label: "Team Support" })).toBe(true);
    expect(acknowledges("bob@example.ch", { email: "anna@example.ch", label: "Anna" })).toBe(false);
    expect(acknowledges("  ", { email: "anna@example.ch" })).toBe(false);
  });

  it("today is the UTC date", () => {
    jest.useFakeTimers({ now: Date.parse("2027-03-31T23:59:59.999Z") });
    try {
      expect(utcToday()).toBe("2027-03-31");
    } finally {
      jest.useRealTimers();
    }
  });

  it("counts days across months and years", () => {
    expect(addDays("2027-02-27", 2)).toBe("2027-03-01");
    expect(addDays("2027-03-01", -1)).toBe("2027-02-28");
    expect(addDays("2027-12-31", 1)).toBe("2028-01-01");
    expect(addDays("2027-06-15", 0)).toBe("2027-06-15");
  });

  it("an end date is the last day in force", () => {
    expect(hasEnded({ expiresAt: "2027-03-31" }, "2027-03-30")).toBe(false);
    expect(hasEnded({ expiresAt: "2027-03-31" }, "2027-03-31")).toBe(false);
    expect(hasEnded({ expiresAt: "2027-03-31" }, "2027-04-01")).toBe(true);
    expect(hasEnded({}, "2027-04-01")).toBe(false);
    expect(hasEnded(undefined, "2027-04-01")).toBe(false);
  });

  describe("a stored review changed", () => {
    const review = { reason: "r", owner: "o", reviewAfter: "2027-01-01", expiresAt: "2027-06-30" };
    it.each(["reason", "owner", "reviewAfter", "expiresAt"])("when its %s differs", (key) => {
      expect(reviewChanged(review, { ...review, [key]: "other" })).toBe(true);
      expect(reviewChanged({ ...review, [key]: "other" }, review)).toBe(true);
    });

    it("not when only the key order or other keys differ, nor between two absent reviews", () => {
      expect(
        reviewChanged(review, {
          expiresAt: "2027-06-30",
          reviewAfter: "2027-01-01",
          owner: "o",
          reason: "r",
          x: 1,
        }),
      ).toBe(false);
      expect(reviewChanged(undefined, {})).toBe(false);
      expect(reviewChanged(null, "text")).toBe(false);
    });

    it("when one side is absent and the other is not", () => {
      expect(reviewChanged(undefined, { reason: "r" })).toBe(true);
      expect(reviewChanged({ owner: "o" }, null)).toBe(true);
    });
  });
});

describe("end dates in a program (sdk/endDates.ts)", () => {
  const resource = {} as unknown as pulumi.Resource;
  const ended = { reason: "r", owner: "o", reviewAfter: "2027-01-01", expiresAt: "2027-03-31" };
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(pulumi.log, "warn").mockResolvedValue();
    pulumi.runtime.setAllConfig({});
  });
  afterEach(() => {
    warn.mockRestore();
    pulumi.runtime.setAllConfig({});
  });

  it("the day is the one given, else the stack's infomaniak:today, else today in UTC", () => {
    pulumi.runtime.setAllConfig({ "infomaniak:today": "2027-05-01" });
    expect(programToday("2027-04-01")).toBe("2027-04-01");
    expect(programToday()).toBe("2027-05-01");
    pulumi.runtime.setAllConfig({});
    jest.useFakeTimers({ now: Date.parse("2027-03-31T23:59:59.999Z") });
    try {
      expect(programToday()).toBe("2027-03-31");
    } finally {
      jest.useRealTimers();
    }
  });

  it("refuses a day that is not a date, saying how to write it", () => {
    expect(() => programToday("2027-02-30")).toThrow(
      new pulumi.RunError(
        'infomaniak:today is "2027-02-30": write the date as YYYY-MM-DD, such as 2027-03-31',
      ),
    );
  });

  const message =
    "grant: review.expiresAt 2027-03-31 has passed, and the access is still declared: remove the declaration " +
    "(up then revokes it), or set a later expiresAt";

  it("warns, on the resource, about a declared grant whose end date has passed", () => {
    pulumi.runtime.setAllConfig({ "infomaniak:today": "2027-04-01" });
    warnWhenEnded(resource, "grant", ended);
    expect(warn.mock.calls).toEqual([[message, resource]]);
  });

  it("not on its last day, nor without a review", () => {
    pulumi.runtime.setAllConfig({ "infomaniak:today": "2027-03-31" });
    warnWhenEnded(resource, "grant", ended);
    warnWhenEnded(resource, "grant", undefined);
    expect(warn.mock.calls).toEqual([]);
  });

  it("reads no day for a review without an end date (a wrong infomaniak:today does not matter there)", () => {
    pulumi.runtime.setAllConfig({ "infomaniak:today": "not a date" });
    const { expiresAt: _, ...open } = ended;
    expect(() => warnWhenEnded(resource, "grant", open)).not.toThrow();
    expect(warn.mock.calls).toEqual([]);
  });

  it("waits for a review given as a promise", async () => {
    pulumi.runtime.setAllConfig({ "infomaniak:today": "2027-04-01" });
    warnWhenEnded(resource, "grant", Promise.resolve(ended));
    expect(warn.mock.calls).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(warn.mock.calls).toEqual([[message, resource]]);
  });
});
