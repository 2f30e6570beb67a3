// One part of the mutation run (`MUTATION_PART=report npx stryker run tools/mutation/stryker.part.config.mjs`),
// for a machine that cannot give the whole run an hour: each part writes its own report, and
// `node tools/mutation/scores.mjs reports/mutation/mutation-*.json` reads them as one.
import process from "node:process";
import base from "../../stryker.config.mjs";
import { PARTS } from "./parts.mjs";

const part = process.env["MUTATION_PART"] ?? "";
if (!(part in PARTS)) throw new Error(`MUTATION_PART must be one of ${Object.keys(PARTS).join(", ")}`);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...base,
  mutate: PARTS[/** @type {keyof typeof PARTS} */ (part)],
  incrementalFile: `reports/mutation/stryker-incremental-${part}.json`,
  jsonReporter: { fileName: `reports/mutation/mutation-${part}.json` },
  htmlReporter: { fileName: `reports/mutation/mutation-${part}.html` },
};
