#!/usr/bin/env node
// The command's entry, committed so that npm links it even before `npm run build` made dist/ (as in
// this repository's own `npm ci`, where the package is installed into itself).
// eslint-disable-next-line @typescript-eslint/no-require-imports
require("../dist/cli/main.js");
