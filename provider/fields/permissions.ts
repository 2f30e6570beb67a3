import { z } from "zod";
import { ALL_PERMISSIONS } from "../api/permissionNames";
import type { PermissionName } from "../api/permissionNames";
import { PRESET_NAMES } from "../permissionPresets";

export const PresetInput = z.enum(PRESET_NAMES, {
  error: `preset must be one of ${PRESET_NAMES.join(", ")}`,
});

/**
 * Rights by Infomaniak's own names, each true or false; an unknown name is refused with the list of
 * known ones. `error` says what the whole value must be, in the words of where it is written.
 */
export function permissionsInput(error: string) {
  return z
    .record(z.string(), z.boolean({ error: "each permission is true or false" }), { error })
    .superRefine((permissions, ctx) => {
      for (const name of Object.keys(permissions).filter((n) => !isPermissionName(n)))
        ctx.addIssue({
          code: "custom",
          path: [name],
          message: `unknown permission "${name}": use one of ${ALL_PERMISSIONS.join(", ")}`,
        });
    });
}

export const PermissionsInput = permissionsInput(
  "permissions must be an object of booleans, such as { can_manage_filters: true }",
);

/** The rights a set of permission booleans grants, sorted (none for an absent set). */
export function grantedRights(
  permissions: Readonly<Record<string, boolean | undefined>> | null | undefined,
): string[] {
  return Object.entries(permissions ?? {})
    .filter(([, on]) => on === true)
    .map(([name]) => name)
    .sort();
}

export function isPermissionName(name: string): name is PermissionName {
  return (ALL_PERMISSIONS as readonly string[]).includes(name);
}
