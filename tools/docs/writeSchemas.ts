/**
 * Writes the shipped JSON Schemas from their zod schemas: the simulator's seed and the spec file.
 * `npm run schemas` after changing simulator/model.ts or the spec's schema (a unit test fails until then).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { packageInfo } from "../../provider/packageInfo";
import { SPEC_SCHEMA_FILE, specSchemaText } from "../../sdk/organisationSpec/jsonSchema";
import { SEED_SCHEMA_FILE, seedSchemaText } from "../../simulator/seedFile";

for (const [relative, text] of [
  [SEED_SCHEMA_FILE, seedSchemaText()],
  [SPEC_SCHEMA_FILE, specSchemaText()],
] as const) {
  const file = join(packageInfo().root, relative);
  writeFileSync(file, text);
  process.stdout.write(`Wrote ${file}\n`);
}
