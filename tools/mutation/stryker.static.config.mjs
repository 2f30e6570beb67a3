// The mutation run with its static mutants too (`npm run test:mutation:static`): each runs every
// test of the run, so this takes far longer than `npm run test:mutation`.
import base from "../../stryker.config.mjs";

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...base,
  ignoreStatic: false,
  incrementalFile: "reports/mutation/stryker-incremental-static.json",
};
