/**
 * Writes SPEC_SCHEMA_FILE from the spec's zod schema. Run it after changing the spec's schema:
 * `npm run schemas` (a unit test fails until then).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { packageInfo } from "../../provider/packageInfo";
import { SPEC_SCHEMA_FILE, specSchemaText } from "./jsonSchema";

const file = join(packageInfo().root, SPEC_SCHEMA_FILE);
writeFileSync(file, specSchemaText());
process.stdout.write(`Wrote ${file}\n`);
