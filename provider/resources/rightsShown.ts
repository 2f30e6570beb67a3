import type { AccessEntry } from "../api/accessFamilies/accessFamily";
import { warn } from "../runtime";

/**
 * The rights a live access holds, as a refresh records them. Where the listing did not show them
 * (optional on the legacy family), the recorded rights stay: unknown is not "none", and drift in
 * rights cannot be seen then, which is said.
 */
export function rightsShown(
  access: AccessEntry,
  recorded: { permissions: Record<string, boolean>; address: string },
): Record<string, boolean> {
  if (access.permissions !== null) return access.permissions;
  warn(
    `Infomaniak's listing of ${recorded.address} did not show the rights of ${access.email}: the recorded rights are kept, and a change made outside this stack cannot be detected`,
  );
  return recorded.permissions;
}
