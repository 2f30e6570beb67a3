// Mutation testing (`npm run test:mutation`, docs/development.md "Mutation testing"): the modules
// that decide something a user relies on, against the unit tests.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: [
    "provider/resources/*/rules.ts",
    // Each resource's diff, derived from its field table (provider/resources/<kind>/schema.ts).
    "provider/engine/fields.ts",
    "cli/report/permissionReport.ts",
    "cli/report/effects.ts",
    "cli/report/membershipChanges.ts",
    "cli/report/policyNotes.ts",
    "provider/policy/rules/*.ts",
    "!provider/policy/rules/index.ts",
    "provider/policy/rule.ts",
    "provider/permissions/vocabulary.ts",
    "provider/permissions/presets.ts",
    "provider/permissions/inputs.ts",
    "provider/api/retryPolicy.ts",
    "provider/api/errors.ts",
    "provider/fields/addresses.ts",
    "provider/people.ts",
    "provider/links.ts",
    "sdk/endDates.ts",
    "sdk/organisationSpec/endDates.ts",
    "provider/fields/review.ts",
    "cli/access/compareAccess.ts",
    "sdk/loadGuards.ts",
  ],
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
  // Two cores shared with other work.
  concurrency: 2,
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
