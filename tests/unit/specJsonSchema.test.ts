import Ajv2020 from "ajv/dist/2020";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { packageInfo } from "../../provider/packageInfo";
import { SPEC_SCHEMA_FILE, specSchemaText } from "../../sdk/organisationSpec/jsonSchema";

const REGENERATE = "npm run schemas";
const ROOT = packageInfo().root;
const EXAMPLES = join(ROOT, "examples/organisations/clients");

function validator(): (spec: unknown) => string[] {
  const schema = JSON.parse(readFileSync(join(ROOT, SPEC_SCHEMA_FILE), "utf8")) as object;
  const validate = new Ajv2020({ strict: false, validateFormats: false, allErrors: true }).compile(schema);
  return (spec) =>
    validate(spec) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ""}`);
}

function example(client: string): Record<string, unknown> {
  return parse(readFileSync(join(EXAMPLES, client, "organisation.yaml"), "utf8")) as Record<string, unknown>;
}

describe("the spec file's JSON Schema (for editors)", () => {
  it("is committed as the zod schema generates it", () => {
    const committed = readFileSync(join(ROOT, SPEC_SCHEMA_FILE), "utf8");
    expect(committed === specSchemaText() ? "up to date" : `out of date: run ${REGENERATE}`).toBe(
      "up to date",
    );
  });

  it.each(["acme", "legacy-gmbh"])("accepts the %s example spec", (client) => {
    expect(validator()(example(client))).toEqual([]);
  });

  it("refuses a misspelt field and a mode that does not exist, where an editor shows them", () => {
    const spec = example("acme");
    const mailboxes = spec["mailboxes"] as Record<string, unknown>[];
    const typo = { ...spec, mailboxes: [{ ...mailboxes[0], mode: "strict", grantz: [] }] };
    expect(validator()(typo).sort()).toEqual([
      "/mailboxes/0 must NOT have additional properties",
      "/mailboxes/0/mode must be equal to one of the allowed values",
    ]);
  });
});
