import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { readDeclarations } from "../../cli/access/declaredAccess";
import { makeTempDir } from "../support/tempDir";

describe("what a spec file declares, for access --declared", () => {
  const temp = makeTempDir("declared");
  afterAll(() => temp.remove());

  it("as its Organisation declares it: not the grants of a removed member, nor what has ended", () => {
    const file = join(temp.path, "acme.yaml");
    const review = "reason: Cover, owner: it@acme.example, reviewAfter: 2027-01-31";
    writeFileSync(
      file,
      [
        "organisation: { name: acme, accountId: 100, mailHostingId: 10 }",
        "members:",
        "  - { email: bruno@acme.example, firstName: Bruno, lastName: Keller, adopt: true, state: removed }",
        "  - { email: chloe@acme.example, firstName: Chloé, lastName: Rossi, adopt: true }",
        "mailboxes:",
        "  - name: support@acme.example",
        "    grants:",
        `      - { member: bruno@acme.example, preset: delegate, ${review} }`,
        `      - { member: chloe@acme.example, preset: readOnly, ${review}, expiresAt: 2027-02-28 }`,
        "",
      ].join("\n"),
    );
    expect(
      readDeclarations(file, "2027-02-28").map((d) => `${d.mailbox} ${d.who} ${d.as} ${d.expiresAt}`),
    ).toEqual(["support chloe@acme.example grant 2027-02-28"]);
    expect(readDeclarations(file, "2027-03-01")).toEqual([]);
  });
});
