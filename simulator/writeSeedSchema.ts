/**
 * Writes SEED_SCHEMA_FILE from the seed's zod schema. Run it after changing simulator/model.ts:
 * `npm run build && node dist/simulator/writeSeedSchema.js` (a unit test fails until it is run).
 */
import { writeFileSync } from "node:fs";
import { SEED_SCHEMA_FILE, seedSchemaText } from "./seedFile";
import { shippedFile } from "./shippedFile";

const file = shippedFile(SEED_SCHEMA_FILE);
writeFileSync(file, seedSchemaText());
process.stdout.write(`Wrote ${file}\n`);
