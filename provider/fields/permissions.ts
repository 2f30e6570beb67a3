import { z } from "zod";
import { ALL_PERMISSIONS } from "../api/permissionNames";
import type { PermissionName } from "../api/permissionNames";
import { PRESET_NAMES } from "../permissionPresets";
import type { CheckFailure } from "../engine/protocol";
import { failure } from "../engine/protocol";

export const PresetInput = z.enum(PRESET_NAMES, {
  error: `preset must be one of ${PRESET_NAMES.join(", ")}`,
});

export const PermissionsInput = z.record(
  z.string(),
  z.boolean({ error: "each permission is true or false" }),
  {
    error: "permissions must be an object of booleans, such as { can_manage_filters: true }",
  },
);

export function isPermissionName(name: string): name is PermissionName {
  return (ALL_PERMISSIONS as readonly string[]).includes(name);
}

/** Unknown permission names, each with the list of known ones. */
export function unknownPermissionFailures(permissions: Record<string, boolean> | undefined): CheckFailure[] {
  return Object.keys(permissions ?? {})
    .filter((name) => !isPermissionName(name))
    .map((name) =>
      failure(
        `permissions.${name}`,
        `unknown permission "${name}": use one of ${ALL_PERMISSIONS.join(", ")}`,
      ),
    );
}
