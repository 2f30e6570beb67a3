import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  // .pulumi-local/ holds what the demo and the benchmark run (their programs among it): not our sources.
  // .compat/ is the compatibility matrix's copy of the checkout (tools/engine/compat-newest.sh).
  // .stryker-tmp/ holds the mutation run's sandboxes, reports/ its results (npm run test:mutation).
  {
    ignores: [
      "dist/",
      "node_modules/",
      "coverage/",
      ".pulumi-local/",
      ".compat/",
      ".stryker-tmp/",
      "reports/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ["*.mjs", "*.js"] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Long functions hide their seams: split them. Tests, and the simulator's route tables (a list of
    // routes, one entry each), are exempt.
    files: ["**/*.ts"],
    ignores: ["tests/**", "simulator/routes/**", "simulator/admin.ts"],
    rules: {
      "max-lines-per-function": ["error", { max: 60, skipBlankLines: true, skipComments: true, IIFEs: true }],
    },
  },
  {
    files: ["**/*.mjs", "**/*.js"],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ["**/*.js"],
    languageOptions: {
      sourceType: "commonjs",
      globals: { module: "writable", require: "readonly", process: "readonly" },
    },
  },
);
