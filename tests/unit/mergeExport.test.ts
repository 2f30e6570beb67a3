import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { MergeChange, MergeInput } from "../../cli/export/mergeExport";
import { changeLine, mergeableSpec, mergeExport, MergeError } from "../../cli/export/mergeExport";
import { OrganisationSpecError, parseOrganisationSpec } from "../../sdk/organisationSpec/load";
import type {
  GrantSpec,
  InvitationSpec,
  MemberSpec,
  OrganisationSpec,
} from "../../sdk/organisationSpec/schema";
import { expectGolden } from "../support/golden";

const BEFORE = join(__dirname, "golden/merge-before.yaml");
const AFTER = join(__dirname, "golden/merge-after.yaml");
const FILE = "acme/organisation.yaml";

/** What export writes on each entry it adds: adopted as it is, with review fields to replace. */
const PLACEHOLDER = {
  adopt: true,
  reason: "Exported on 2026-12-01: replace with why this access is needed",
  owner: "unassigned",
  reviewAfter: "2027-03-01",
} as const;

const member = (email: string, firstName: string, role: MemberSpec["role"] = "normal"): MemberSpec => ({
  email,
  firstName,
  lastName: "Acme",
  role,
  adopt: true,
});
const grant = (who: string, rights: Pick<GrantSpec, "preset" | "permissions">): GrantSpec => ({
  member: who,
  ...rights,
  ...PLACEHOLDER,
});
const invitation = (
  email: string,
  rights: Pick<InvitationSpec, "preset" | "permissions">,
): InvitationSpec => ({
  email,
  ...rights,
  ...PLACEHOLDER,
});

/**
 * The organisation now, as exportOrganisation reads it, against merge-before.yaml: Alice's rights on
 * support went up, Chloé joined (her invitation became a grant), Hank is new, Erin, Felix and Gina
 * left, David (offboarded) still holds access, a partner's access is acknowledged, archive and
 * hosting 13 are gone, newsletter and hosting 12 are new.
 */
function liveOrganisation(): OrganisationSpec {
  return {
    organisation: { name: "acme", accountId: 100, mailHostingId: 10 },
    members: [
      member("alice@acme.example", "Alice", "owner"),
      member("bruno@acme.example", "Bruno", "admin"),
      member("chloe@acme.example", "Chloé"),
      member("david@acme.example", "David"),
      member("hank@acme.example", "Hank"),
    ],
    mailboxes: [
      {
        name: "support",
        mode: "additive",
        grants: [
          grant("alice@acme.example", { preset: "manager" }),
          // The same rights as the file's, written as export writes them: no change.
          grant("bruno@acme.example", {
            permissions: { can_manage_signatures: true, can_manage_filters: true },
          }),
          grant("david@acme.example", { preset: "full" }),
          grant("chloe@acme.example", { preset: "manager" }),
          grant("hank@acme.example", { preset: "readOnly" }),
        ],
        invitations: [
          invitation("GUEST@partner.example", { preset: "readOnly" }),
          invitation("ops@partner.example", { preset: "readOnly" }),
          invitation("new@partner.example", { permissions: { can_manage_filters: true } }),
        ],
      },
      {
        name: "sales",
        mode: "additive",
        grants: [
          grant("alice@acme.example", { preset: "delegate" }),
          grant("bruno@acme.example", { preset: "delegate" }),
          grant("david@acme.example", { preset: "readOnly" }),
        ],
        invitations: [],
      },
      {
        name: "newsletter",
        mode: "additive",
        grants: [grant("bruno@acme.example", { preset: "delegate" })],
        invitations: [],
      },
    ],
    mailHostings: [
      { mailHostingId: 11, mailboxes: [{ name: "info", mode: "additive", grants: [], invitations: [] }] },
      {
        mailHostingId: 12,
        mailboxes: [
          {
            name: "contact",
            mode: "additive",
            grants: [grant("alice@acme.example", { preset: "full" })],
            invitations: [],
          },
        ],
      },
    ],
  };
}

function merge(overrides: Partial<MergeInput> = {}) {
  return mergeExport({
    text: readFileSync(BEFORE, "utf8"),
    file: FILE,
    live: liveOrganisation(),
    families: { "10/support": "webmail", "10/sales": "webmail", "10/newsletter": "webmail" },
    allHostings: true,
    ...overrides,
  });
}

const lines = (changes: MergeChange[]) => changes.map(changeLine);

describe("export --merge, on the spec's text", () => {
  it("writes the merged spec that keeps every reviewed field and comment (golden file)", () => {
    const result = merge();
    expectGolden(AFTER, result.text);
    expect(result.edited).toBe(true);
  });

  it("reports one line per change, and the special cases it leaves alone", () => {
    expect(lines(merge().changes)).toEqual([
      "removed: member erin@acme.example (no longer in the organisation)",
      "removed: member felix@acme.example (state: unmanaged; no longer in the organisation: the stack forgets them, nothing at Infomaniak changes)",
      "kept: member gina@acme.example (state: removed): no longer in the organisation, the offboarding is complete; delete the entry when its record is no longer wanted",
      "added: member chloe@acme.example (normal)",
      "added: member hank@acme.example (normal)",
      "changed: rights of alice@acme.example on support: delegate → manager",
      "kept: grant david@acme.example on support as the file has it: they are offboarded (state: removed), so the next up revokes it",
      "removed: grant erin@acme.example on support (no longer at Infomaniak)",
      "removed: invitation old@partner.example on support (no longer at Infomaniak)",
      "changed: chloe@acme.example on support: invitation → grant (now a member; reason, owner and dates kept)",
      "added: grant hank@acme.example on support (readOnly); support is report-only: delete the entry and the report lists it as undeclared",
      "kept: ops@partner.example's access to support stays acknowledged, not declared",
      "added: invitation new@partner.example on support (can_manage_filters); support is report-only: delete the entry and the report lists it as undeclared",
      "changed: rights of bruno@acme.example on sales: can_manage_filters → delegate",
      "kept: david@acme.example still has access to sales but is offboarded (state: removed): not added back; revoke it in the Manager, or make sales authoritative",
      "removed: mailbox archive (no longer at Infomaniak, with its 1 grant and invitation)",
      "added: mailbox newsletter (additive)",
      "added: grant bruno@acme.example on newsletter (delegate)",
      "removed: grant gina@acme.example on 11/info (no longer at Infomaniak)",
      "removed: mail hosting 13 and its mailboxes (no longer in organisation 100)",
      "added: mail hosting 12",
      "added: mailbox 12/contact (additive)",
      "added: grant alice@acme.example on 12/contact (full)",
    ]);
  });

  it("keeps comments, reasons, owners, dates, modes and states as people wrote them", () => {
    const { text, spec } = merge();
    for (const kept of [
      "# Acme's mailbox sharing. Reviewed by IT security (TICKET-42): change it through a pull request.",
      "# The founders: their access is reviewed by the board.",
      "- email: Bruno@Acme.example # Infomaniak writes it in lower case",
      "# Offboarded on 2026-10-01 (HR-7): the next up revokes his grants.",
      "state: removed # offboarded 2026-06-30",
      "# The support queue: report-only until the helpdesk team is declared.",
      "preset: manager # what the support lead asked for",
      "permissions: { can_manage_filters: true, can_manage_signatures: true }",
      'expiresAt: "2027-12-31"',
    ])
      expect(text).toContain(kept);
    const support = spec.mailboxes.find((m) => m.name === "support");
    expect(support?.mode).toBe("report-only");
    expect(support?.acknowledged).toEqual([expect.objectContaining({ who: "ops@partner.example" })]);
    expect(support?.grants.find((g) => g.member === "alice@acme.example")).toMatchObject({
      preset: "manager",
      reason: "Covers the queue on Fridays",
      owner: "head-of-support",
      reviewAfter: "2027-01-31",
    });
    // Chloé's review moved with her from the invitation to the grant; her rights are the live ones.
    expect(support?.grants.find((g) => g.member === "chloe@acme.example")).toEqual({
      member: "chloe@acme.example",
      preset: "manager",
      adopt: true,
      reason: "Joins the support team in December",
      owner: "head-of-support",
      reviewAfter: "2027-01-15",
    });
    expect(support?.invitations.map((i) => i.email)).toEqual([
      "guest@partner.example",
      "new@partner.example",
    ]);
    expect(spec.members.find((m) => m.email === "david@acme.example")?.state).toBe("removed");
  });

  it("never adds back an offboarded member's access, and leaves their entries as the file has them", () => {
    const { spec } = merge();
    const support = spec.mailboxes.find((m) => m.name === "support");
    expect(support?.grants.find((g) => g.member === "david@acme.example")).toMatchObject({
      preset: "manager",
    });
    const sales = spec.mailboxes.find((m) => m.name === "sales");
    expect(sales?.grants.map((g) => g.member)).toEqual(["alice@acme.example", "bruno@acme.example"]);
  });

  it("changes rights in place, only when they grant something else", () => {
    const { text, spec } = merge();
    const sales = spec.mailboxes.find((m) => m.name === "sales");
    expect(sales?.grants.find((g) => g.member === "bruno@acme.example")).toEqual({
      member: "bruno@acme.example",
      preset: "delegate",
      adopt: true,
      reason: "Sorts leads",
      owner: "sales-lead",
      reviewAfter: "2027-06-30",
    });
    expect(text).toMatch(
      /- member: bruno@acme.example\n\s+preset: delegate\n\s+adopt: true\n\s+reason: Sorts leads/,
    );
  });

  it("with one hosting read (--mail-hosting), leaves the others as they are", () => {
    const live = liveOrganisation();
    const { changes, spec } = merge({
      live: { ...live, mailHostings: [] },
      allHostings: false,
    });
    expect(spec.mailHostings.map((h) => h.mailHostingId)).toEqual([11, 13]);
    expect(spec.mailHostings[0]?.mailboxes[0]?.grants.map((g) => g.member)).toEqual(["gina@acme.example"]);
    expect(lines(changes).filter((l) => l.includes("mail hosting"))).toEqual([]);
  });

  it("leaves the text untouched when the organisation matches it", () => {
    const text = readFileSync(AFTER, "utf8");
    const result = merge({ text });
    expect(result.edited).toBe(false);
    expect(result.text).toBe(text);
    // Only the special cases, each still true.
    expect(result.changes.every((c) => c.kind === "kept")).toBe(true);
  });

  it("refuses another organisation's spec, an invalid one, and a merge without the spec's first hosting", () => {
    const text = readFileSync(BEFORE, "utf8");
    expect(() => mergeableSpec(text, FILE, 200)).toThrow(
      new MergeError(
        `${FILE} declares organisation 100, not 200: merge it with --account 100, or export organisation 200 into another folder`,
      ),
    );
    expect(() => mergeableSpec(text.replace("role: owner", "role: king"), FILE, 100)).toThrow(
      OrganisationSpecError,
    );
    const live = liveOrganisation();
    const without10 = { ...live, organisation: { ...live.organisation, mailHostingId: 11 }, mailboxes: [] };
    const refusal = (() => {
      try {
        merge({ live: without10 });
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(refusal).toBeInstanceOf(MergeError);
    expect(refusal).toMatchObject({ code: "merge_refused" });
    expect(String(refusal)).toMatch(
      /mail hosting 10 \(organisation.mailHostingId\) is no longer in organisation 100/,
    );
  });

  it("writes new entries as export does, in block lists, and valid", () => {
    const { text } = merge();
    expect(() => parseOrganisationSpec(text, FILE)).not.toThrow();
    expect(text).toContain(
      [
        "  - name: newsletter",
        "    mode: additive",
        "    grants:",
        "      - member: bruno@acme.example",
        "        preset: delegate",
        "        adopt: true",
        '        reason: "Exported on 2026-12-01: replace with why this access is needed"',
        "        owner: unassigned",
        "        reviewAfter: 2027-03-01",
        "    invitations: []",
      ].join("\n"),
    );
  });
});
