// Mutation testing (`npm run test:mutation`, docs/development.md "Mutation testing"): the modules
// that decide something a user relies on, against the unit tests.
import { PARTS } from "./tools/mutation/parts.mjs";

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  // The modules, by part (tools/mutation/parts.mjs): each resource's rules and the diff its field
  // table derives, the report, the policy rules and permission vocabulary, and the fields and errors.
  mutate: Object.values(PARTS).flat(),
  testRunner: "jest",
  jest: {
    configFile: "jest.config.js",
    // Unit tests only, without the engine's global setup: the mutated modules are pure. Left out:
    // the unit tests of other parts (documentation, CI examples, simulator, benchmarks, the plan
    // command's parallel pool), which a static mutant would otherwise run too.
    config: {
      roots: ["<rootDir>/tests/unit"],
      testPathIgnorePatterns: [
        "/node_modules/",
        "/tests/unit/(benchResults|ciExamples|docLinks|doctorVerdicts|fileBackendRepair|mergeExport|rateLimiter|mutationScores|planParallel|releaseMetadata|resourcePages|seedFile|simulatorIndependence|simulatorParts)\\.test\\.ts$",
      ],
      globalSetup: undefined,
      reporters: ["default"],
      maxWorkers: 1,
    },
    enableFindRelatedTests: false,
  },
  checkers: ["typescript"],
  tsconfigFile: "tools/mutation/tsconfig.json",
  coverageAnalysis: "perTest",
  // A static mutant (a module-level value: a preset table, a schema's message) runs every test, and
  // they were 99 % of the time: \`npm run test:mutation:static\` runs them too.
  ignoreStatic: true,
  // Two cores shared with other work: a mutant's tests under load take longer than in the dry run,
  // and a timeout counts as detected, so the allowance is wide (an endless loop still ends).
  concurrency: 2,
  timeoutMS: 10_000,
  timeoutFactor: 3,
  incremental: true,
  incrementalFile: "reports/mutation/stryker-incremental.json",
  reporters: ["progress", "clear-text", "json", "html"],
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  clearTextReporter: { allowColor: false, logTests: false },
  // tools/mutation/scores.mjs holds the gates (90 % overall, 80 % per module).
  thresholds: { high: 90, low: 80, break: null },
  ignorePatterns: ["dist", "coverage", "reports", ".pulumi-local", ".pulumi-engine", ".compat"],
  tempDirName: ".stryker-tmp",
};
