// The pack the engine runs: every rule of pulumi-infomaniak-mailbox/policy (see the README's Policy pack).
// eslint-disable-next-line @typescript-eslint/no-require-imports
require("../dist/policy/pack.js").runPolicyPack();
