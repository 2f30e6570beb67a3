/** Largest serialized provider we accept per resource: six forwarding methods take about 2 KB. */
export const MAX_SERIALIZED_PROVIDER_BYTES = 3 * 1024;

/** Text that only appears when implementation code (not the forwarding stub) was serialized. */
const IMPLEMENTATION_MARKERS = ["safeParse", "randomUUID", "readFileSync", "zod", "undici"];

/** Why a serialized `__provider` is not a thin stub, or an empty list when it is one. */
export function stubViolations(serialized: string): string[] {
  const violations: string[] = [];
  const bytes = Buffer.byteLength(serialized, "utf8");
  if (bytes > MAX_SERIALIZED_PROVIDER_BYTES) {
    violations.push(`${bytes} bytes, over the ${MAX_SERIALIZED_PROVIDER_BYTES}-byte budget`);
  }
  if (!serialized.includes('require("pulumi-infomaniak-mailbox/provider")')) {
    violations.push("does not load the implementation from pulumi-infomaniak-mailbox/provider");
  }
  for (const marker of IMPLEMENTATION_MARKERS) {
    if (serialized.includes(marker)) violations.push(`contains implementation code ("${marker}")`);
  }
  return violations;
}
