import { join } from "node:path";
import {
  loadOrganisationSpec,
  OrganisationSpecError,
  parseOrganisationSpec,
  validateOrganisationSpec,
} from "../../sdk/organisationSpec/load";
import { mailboxInForce } from "../../sdk/organisationSpec/endDates";
import { MailboxSpec, OrganisationSpec } from "../../sdk/organisationSpec/schema";

const EXAMPLES = join(__dirname, "../../examples/organisations/clients");

describe("organisation spec files", () => {
  it.each(["acme", "legacy-gmbh"])("the %s example is valid", (client) => {
    const spec = loadOrganisationSpec(join(EXAMPLES, client, "organisation.yaml"));
    expect(spec.organisation.name).toBe(client);
    expect(spec.mailboxes.every((m) => ["additive", "authoritative", "report-only"].includes(m.mode))).toBe(
      true,
    );
  });

  it("fills the defaults: additive mode, no grants, no invitations", () => {
    const spec = parseOrganisationSpec(
      "organisation: { name: acme, accountId: 100, mailHostingId: 10 }\nmailboxes:\n  - name: support\n",
      "inline.yaml",
    );
    expect(spec.mailboxes).toEqual([{ name: "support", mode: "additive", grants: [], invitations: [] }]);
    expect(spec.members).toEqual([]);
  });

  it("reports every problem at once, each with its line and path", () => {
    const text = [
      "organisation: { name: Acme SA, accountId: 100, mailHostingId: 10 }",
      "members:",
      "  - { email: bruno@acme.example, firstName: '', lastName: Keller }",
    ].join("\n");
    try {
      parseOrganisationSpec(text, "acme.yaml");
      throw new Error("no error");
    } catch (error) {
      expect(error).toBeInstanceOf(OrganisationSpecError);
      const problems = (error as OrganisationSpecError).problems;
      expect(problems.map((p) => `${p.line} ${p.path}`)).toEqual([
        "1 organisation.name",
        "3 members[0].firstName",
      ]);
      expect((error as OrganisationSpecError).code).toBe("spec_invalid");
    }
  });

  it("says to quote a plain value holding `: `, at its line, with the quoted line to write", () => {
    const text = [
      "organisation: { name: acme, accountId: 100, mailHostingId: 10 }",
      "members: [{ email: zoe@acme.example, firstName: Zoe, lastName: Keller }]",
      "mailboxes:",
      "  - name: support",
      "    grants:",
      "      - member: zoe@acme.example",
      "        reason: Statutory audit: FY2026",
      "        owner: it@acme.example",
      "        reviewAfter: 2027-01-01",
    ].join("\n");
    expect(() => parseOrganisationSpec(text, "acme.yaml")).toThrow(
      'acme.yaml:7: Nested mappings are not allowed in compact mappings: a value with ": " in it must be quoted: write reason: "Statutory audit: FY2026"',
    );
    // Another syntax error keeps the general advice.
    expect(() => parseOrganisationSpec("organisation: [\n", "bad.yaml")).toThrow(
      "fix the YAML/JSON syntax there",
    );
  });

  it("validates a spec built in code too, naming the path", () => {
    expect(() =>
      validateOrganisationSpec({
        organisation: { name: "acme", accountId: 100, mailHostingId: 10 },
        mailboxes: [
          {
            name: "support",
            grants: [{ member: "zoe@acme.example", reason: "r", owner: "o", reviewAfter: "2027-01-01" }],
          },
        ],
      }),
    ).toThrow("(spec object) mailboxes[0].grants[0].member: zoe@acme.example is not in members");
  });
});

describe("end dates in a spec", () => {
  const review = { reason: "Cover", owner: "it@acme.example", reviewAfter: "2027-01-31" };
  const mailbox = MailboxSpec.parse({
    name: "support",
    grants: [
      { member: "bruno@acme.example", preset: "delegate", ...review, expiresAt: "2027-02-28" },
      { member: "chloe@acme.example", preset: "readOnly", ...review },
    ],
    invitations: [{ email: "gina@numbers.example", preset: "readOnly", ...review, expiresAt: "2027-01-31" }],
  });

  it("keeps an entry through its expiresAt, and leaves it out from the day after, saying so", () => {
    expect(mailboxInForce(mailbox, "2027-01-31").ended).toEqual([]);
    const { inForce, ended } = mailboxInForce(mailbox, "2027-03-01");
    expect(inForce.grants.map((g) => g.member)).toEqual(["chloe@acme.example"]);
    expect(inForce.invitations).toEqual([]);
    expect(ended).toEqual([
      { mailbox: "support", who: "bruno@acme.example", expiresAt: "2027-02-28" },
      { mailbox: "support", who: "gina@numbers.example", expiresAt: "2027-01-31" },
    ]);
  });

  it("reads onExpiry at the spec's top level: revoke or report, anything else refused with both", () => {
    const spec = (onExpiry: unknown) =>
      OrganisationSpec.safeParse({
        organisation: { name: "acme", accountId: 100, mailHostingId: 10 },
        onExpiry,
      });
    expect(spec("report").success).toBe(true);
    expect(spec(undefined).success).toBe(true);
    expect(spec("reinvite").error?.issues[0]?.message).toMatch(/^onExpiry is "revoke" .* or "report"/);
  });
});
