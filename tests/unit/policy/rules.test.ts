import { guestDomains } from "../../../provider/policy/rules/guestDomains";
import { outsiderRights } from "../../../provider/policy/rules/outsiderRights";
import { presetMailboxes } from "../../../provider/policy/rules/presetMailboxes";
import { reviewRequired } from "../../../provider/policy/rules/reviewRequired";
import { rightHolders } from "../../../provider/policy/rules/rightHolders";
import { unsharedMailboxes } from "../../../provider/policy/rules/unsharedMailboxes";
import { MAILBOX_RULES } from "../../../provider/policy/rules";
import type { SharingProps, SharingResource } from "../../../provider/policy/sharingResource";
import { matchesPattern, readSharing } from "../../../provider/policy/sharingResource";
import { expandPermissions } from "../../../provider/permissions";

const review = { reason: "Support rota", owner: "it@acme.example", reviewAfter: "2027-06-30" };
const rights = (preset: "readOnly" | "delegate" | "manager" | "full") =>
  expandPermissions("webmail", preset, {});

function grant(name: string, props: SharingProps): SharingResource {
  return { kind: "mailboxAccess", name, urn: `urn:grant:${name}`, props: { mailHostingId: 10, ...props } };
}

function link(name: string, props: SharingProps): SharingResource {
  return {
    kind: "externalInvitation",
    name,
    urn: `urn:link:${name}`,
    props: { mailHostingId: 10, ...props },
  };
}

const messages = (rule: typeof outsiderRights, resources: SharingResource[], config: unknown = {}) =>
  rule.findings(resources, config).map((f) => f.message);

describe("the policy pack's rules", () => {
  it("refuses sensitive rights for guests, and only for guests", () => {
    const guest = link("guest-bob", {
      address: "support@acme.example",
      email: "bob@partner.example",
      permissions: { ...rights("delegate"), can_manage_security: true },
    });
    expect(messages(outsiderRights, [guest])).toEqual([
      expect.stringMatching(
        /^ExternalInvitation "guest-bob" gives the guest bob@partner\.example can_manage_security on support@acme\.example: .*Set can_manage_security: false/,
      ),
    ]);
    expect(
      messages(outsiderRights, [link("ok", { email: "x@partner.example", permissions: rights("delegate") })]),
    ).toEqual([]);
    expect(
      messages(outsiderRights, [
        grant("member", { userEmail: "a@acme.example", permissions: rights("full") }),
      ]),
    ).toEqual([]);
    expect(messages(outsiderRights, [guest], { rights: ["can_manage_filters"] })).toEqual([
      expect.stringContaining("can_manage_filters"),
    ]);
  });

  it("by default holds back exactly the three sensitive rights, each on its own, from guests", () => {
    const full = link("guest-full", {
      address: "support@acme.example",
      email: "bob@partner.example",
      permissions: rights("full"),
    });
    expect(messages(outsiderRights, [full])[0]).toContain(
      "can_change_password, can_manage_redirections, can_manage_security on support@acme.example",
    );
    for (const right of ["can_change_password", "can_manage_security", "can_manage_redirections"]) {
      const one = link(`guest-${right}`, {
        email: "bob@partner.example",
        permissions: { ...rights("readOnly"), [right]: true },
      });
      expect(messages(outsiderRights, [one])).toEqual([expect.stringContaining(`Set ${right}: false`)]);
    }
    // Every other right of the full preset passes.
    const others = Object.fromEntries(
      Object.entries(rights("full")).map(([right, on]) => [
        right,
        on && !["can_change_password", "can_manage_security", "can_manage_redirections"].includes(right),
      ]),
    );
    expect(
      messages(outsiderRights, [link("ok", { email: "x@partner.example", permissions: others })]),
    ).toEqual([]);
  });

  it("allows guests only from the listed domains, any domain when the list is empty", () => {
    const guest = link("guest", { email: "Eve@Elsewhere.example", address: "support@acme.example" });
    expect(messages(guestDomains, [guest])).toEqual([]);
    expect(messages(guestDomains, [guest], { allowedDomains: ["partner.example"] })).toEqual([
      expect.stringMatching(/invites Eve@Elsewhere\.example .* add elsewhere\.example to "allowedDomains"/),
    ]);
    expect(messages(guestDomains, [guest], { allowedDomains: ["ELSEWHERE.example"] })).toEqual([]);
  });

  it("asks every grant for a review due within maxDaysAhead of the configured day", () => {
    const today = "2026-11-29";
    expect(messages(reviewRequired, [grant("none", { userEmail: "a@acme.example" })], { today })).toEqual([
      expect.stringMatching(/^MailboxAccess "none" \(a@acme\.example on .*\) has no review: add review/),
    ]);
    const late = grant("late", {
      userEmail: "a@acme.example",
      review: { ...review, reviewAfter: "2028-01-01" },
    });
    expect(messages(reviewRequired, [late], { today })).toEqual([
      expect.stringContaining("on or before 2027-11-29"),
    ]);
    expect(messages(reviewRequired, [late], { today, maxDaysAhead: 400 })).toEqual([]);
    expect(messages(reviewRequired, [grant("fine", { review })], { today })).toEqual([]);
  });

  it("counts the holders of a right per mailbox, with a policy's undeclared holders", () => {
    const onSupport = (name: string, who: string) =>
      grant(name, {
        address: "support@acme.example",
        mailbox: "support",
        userEmail: who,
        permissions: rights("full"),
      });
    const two = [onSupport("a", "a@acme.example"), onSupport("b", "b@acme.example")];
    expect(rightHolders.findings(two, {})).toEqual([]);
    const policy: SharingResource = {
      kind: "mailboxPolicy",
      name: "support-policy",
      urn: "urn:policy",
      props: {
        mailHostingId: 10,
        mailbox: "support",
        unmanaged: [{ email: "c@acme.example", permissions: { can_manage_security: true } }],
      },
    };
    const findings = rightHolders.findings([...two, policy], {});
    expect(findings.map((f) => f.urn)).toEqual(["urn:grant:a", "urn:grant:b"]);
    expect(findings[0]?.message).toMatch(
      /3 people would hold can_manage_security on support@acme\.example \(a@acme\.example, b@acme\.example, c@acme\.example; 1 of them held live without a declaration\), at most 2/,
    );
    expect(rightHolders.findings(two, { limits: { can_manage_filters: 1 } })).toHaveLength(2);
  });

  it("keeps a preset, named or spelled out, to the mailboxes its patterns match", () => {
    const config = { presets: { full: ["shared-*@acme.example"] } };
    const named = grant("named", {
      address: "ceo@acme.example",
      preset: "full",
      permissions: rights("full"),
    });
    const spelled = grant("spelled", { address: "ceo@acme.example", permissions: rights("full") });
    const shared = grant("shared", {
      address: "Shared-Sales@acme.example",
      preset: "full",
      permissions: rights("full"),
    });
    const smaller = grant("smaller", {
      address: "ceo@acme.example",
      preset: "manager",
      permissions: rights("manager"),
    });
    expect(presetMailboxes.findings([named], config)).toHaveLength(1);
    expect(messages(presetMailboxes, [spelled], config)).toEqual([
      expect.stringMatching(
        /the full preset's rights on ceo@acme\.example, but full is allowed only on shared-\*@acme\.example/,
      ),
    ]);
    expect(presetMailboxes.findings([shared, smaller], config)).toEqual([]);
  });

  it("never shares the listed mailboxes", () => {
    const config = { mailboxes: ["ceo@acme.example"] };
    expect(
      messages(unsharedMailboxes, [link("g", { address: "CEO@acme.example", email: "x@p.example" })], config),
    ).toEqual([
      expect.stringMatching(
        /shares CEO@acme\.example with x@p\.example, .* declare a MailboxPolicy with mode "authoritative"/,
      ),
    ]);
    expect(unsharedMailboxes.findings([grant("g", { address: "support@acme.example" })], config)).toEqual([]);
  });

  it("refuses a configuration it cannot read, naming the rule and the field", () => {
    expect(() =>
      guestDomains.findings([link("g", { email: "a@b.example" })], { allowedDomain: ["x.example"] }),
    ).toThrow(
      'policy config of infomaniak-guest-domains: unknown setting "allowedDomain" (the rule\'s settings: allowedDomains, enforcementLevel)',
    );
    expect(() => rightHolders.findings([], { limits: { can_fly: 1 } })).toThrow(
      /right-holders: limits: unknown key "can_fly"/,
    );
  });

  it("publishes each rule's configuration as the JSON schema the engine checks", () => {
    expect(MAILBOX_RULES.map((rule) => [rule.name, Object.keys(rule.configSchema.properties)])).toEqual([
      ["infomaniak-outsider-rights", ["rights"]],
      ["infomaniak-guest-domains", ["allowedDomains"]],
      ["infomaniak-review-required", ["maxDaysAhead", "today"]],
      ["infomaniak-right-holders", ["limits"]],
      ["infomaniak-preset-mailboxes", ["presets"]],
      ["infomaniak-unshared-mailboxes", ["mailboxes"]],
    ]);
    expect(reviewRequired.configSchema.properties).toMatchObject({
      maxDaysAhead: { type: "integer", default: 365 },
    });
  });

  it("reads this provider's resources by type, and only them", () => {
    const read = readSharing({
      type: "pulumi-nodejs:dynamic/infomaniak:ExternalInvitation",
      name: "g",
      urn: "urn:g",
      props: { email: "a@b.example", surprise: 1 },
    });
    expect(read?.kind).toBe("externalInvitation");
    expect(readSharing({ type: "aws:s3/bucket:Bucket", name: "b", urn: "u", props: {} })).toBeUndefined();
    expect(() =>
      readSharing({
        type: "pulumi-nodejs:dynamic/infomaniak:MailboxAccess",
        name: "g",
        urn: "u",
        props: { permissions: "all" },
      }),
    ).toThrow(/MailboxAccess "g": permissions/);
    expect(matchesPattern("Board-2@acme.example", "board-*@ACME.example")).toBe(true);
    expect(matchesPattern("board@acme.example.evil", "board@acme.example")).toBe(false);
  });
});
