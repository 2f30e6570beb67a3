import { z } from "zod";
import { failure } from "../engine/protocol";
import type { CheckFailure } from "../engine/protocol";
import { PRESET_NAMES, expandPermissions } from "./presets";
import type { PermissionPreset } from "./presets";
import { ALL_PERMISSIONS, isPermissionName, permissionsOf } from "./vocabulary";
import type { AccessFamily, PermissionSet } from "./vocabulary";

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
  const names = permissionsOf(family);
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
