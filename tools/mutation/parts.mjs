// The parts of the mutation run (stryker.part.config.mjs).

/** The modules the mutation run mutates, in parts that share none (tests/unit/mutationScores.test.ts). */
export const PARTS = {
  report: [
    "cli/report/permissionReport.ts",
    "cli/report/effects.ts",
    "cli/report/membershipChanges.ts",
    "cli/report/policyNotes.ts",
    "cli/access/compareAccess.ts",
  ],
  rules: ["provider/resources/*/rules.ts", "provider/engine/fields.ts"],
  policy: [
    "provider/policy/rules/*.ts",
    "!provider/policy/rules/index.ts",
    "provider/policy/rule.ts",
    "provider/permissions/vocabulary.ts",
    "provider/permissions/presets.ts",
    "provider/permissions/inputs.ts",
  ],
  fields: [
    "provider/api/retryPolicy.ts",
    "provider/api/errors.ts",
    "provider/fields/addresses.ts",
    "provider/people.ts",
    "provider/links.ts",
    "sdk/endDates.ts",
    "sdk/organisationSpec/endDates.ts",
    "provider/fields/review.ts",
    "sdk/loadGuards.ts",
  ],
};
