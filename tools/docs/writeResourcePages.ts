/**
 * Writes the generated part of every page in docs/resources/ from the kinds' schemas: `npm run
 * docs:resources` (a unit test fails until it is run after a field changes).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { packageInfo } from "../../provider/packageInfo";
import { committed, regenerated, resourcePages } from "./resourcePages";

for (const page of resourcePages()) {
  const file = join(packageInfo().root, page.file);
  writeFileSync(file, regenerated(page, committed(page)));
  process.stdout.write(`Wrote ${file}\n`);
}
