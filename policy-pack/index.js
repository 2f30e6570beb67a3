// The pack the engine runs: every rule of pulumi-infomaniak-mailbox/policy (see docs/policy-pack.md).
// eslint-disable-next-line @typescript-eslint/no-require-imports
require("../dist/provider/policy/pack.js").runPolicyPack();
