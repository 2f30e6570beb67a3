import { join } from "node:path";
import {
  loadOrganisationSpec,
  OrganisationSpecError,
  parseOrganisationSpec,
  validateOrganisationSpec,
} from "../../sdk/organisationSpec/load";

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
