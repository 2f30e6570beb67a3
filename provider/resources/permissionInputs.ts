import type { AccessFamily, PermissionName } from "../api/permissionNames";
import { permissionsOf } from "../api/permissionNames";
import type { PermissionSet } from "../api/accessFamilies/accessFamily";
import type { PermissionPreset } from "../permissionPresets";
import { expandPermissions } from "../permissionPresets";
import { failure } from "../engine/protocol";
import type { CheckFailure } from "../engine/protocol";
import { isPermissionName } from "../fields/permissions";

const FAMILY_NAMES: Record<AccessFamily, string> = {
  webmail: "the new access family (accesses/webmail)",
  legacy: "the legacy access family",
};

/**
 * The permissions to apply, in the family's full vocabulary; or why not. A permission the family does
 * not have is a failure, never dropped: the reviewer must see exactly what will be granted.
 */
export function familyPermissions(
  family: AccessFamily,
  mailHostingId: number,
  preset: PermissionPreset | undefined,
  explicit: Record<string, boolean> | undefined,
): { permissions: PermissionSet } | { failures: CheckFailure[] } {
  const names: readonly PermissionName[] = permissionsOf(family);
  const failures = Object.keys(explicit ?? {})
    .filter((name) => isPermissionName(name) && !names.includes(name))
    .map((name) =>
      failure(
        `permissions.${name}`,
        `"${name}" does not exist on mail hosting ${mailHostingId}, which uses ${FAMILY_NAMES[family]}: remove it (available: ${names.join(", ")})`,
      ),
    );
  if (failures.length > 0) return { failures };
  return { permissions: expandPermissions(family, preset, explicit ?? {}) };
}
