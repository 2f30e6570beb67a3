/**
 * Largest serialized provider we accept per resource. Installed from the registry, the stub is stored
 * as a reference to its module (`require("pulumi-infomaniak-mailbox/stubs/<kind>")`); elsewhere (this
 * checkout, jest, pnpm) its seven forwarding methods by value, about 2.4 KB.
 */
export const STUB_BUDGET_BYTES = { byName: 1200, byValue: 3 * 1024 } as const;

/** Text that only appears when implementation code (not the forwarding stub) was serialized. */
const IMPLEMENTATION_MARKERS = ["safeParse", "randomUUID", "readFileSync", "zod", "undici"];

/** Why a serialized `__provider` is not a thin stub, or an empty list when it is one. */
export function stubViolations(serialized: string): string[] {
  const violations: string[] = [];
  const byName = /require\("pulumi-infomaniak-mailbox\/stubs\/\w+"\)/.test(serialized);
  const budget = byName ? STUB_BUDGET_BYTES.byName : STUB_BUDGET_BYTES.byValue;
  const bytes = Buffer.byteLength(serialized, "utf8");
  if (bytes > budget) violations.push(`${bytes} bytes, over the ${budget}-byte budget`);
  if (!byName && !serialized.includes('require("pulumi-infomaniak-mailbox/provider")')) {
    violations.push("does not load the implementation from pulumi-infomaniak-mailbox by name");
  }
  for (const marker of IMPLEMENTATION_MARKERS) {
    if (serialized.includes(marker)) violations.push(`contains implementation code ("${marker}")`);
  }
  return violations;
}
