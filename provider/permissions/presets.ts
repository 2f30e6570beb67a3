import type { AccessFamily, PermissionName, PermissionSet } from "./vocabulary";
import { permissionsOf, presetRights } from "./vocabulary";

/**
 * Named permission sets. Access itself already lets a person read and send the mailbox's mail; the
 * presets add management rights. Each expands, for the account's access family, to explicit booleans
 * that the preview shows; explicit `permissions` override the preset's values.
 */
export const PERMISSION_PRESETS = {
  /** Read and send mail: no management rights. */
  readOnly: [],
  /** Day-to-day help: auto-replies, filters, signatures, folders. */
  delegate: presetRights("delegate"),
  /** Everything but the password and security settings. */
  manager: presetRights("manager"),
  /** Every right the family has. */
  full: "all",
} as const satisfies Record<string, readonly PermissionName[] | "all">;

export type PermissionPreset = keyof typeof PERMISSION_PRESETS;
export const PRESET_NAMES = Object.keys(PERMISSION_PRESETS) as [PermissionPreset, ...PermissionPreset[]];

/** Every permission of the family, from the preset (if any) and then the explicit values. */
export function expandPermissions(
  family: AccessFamily,
  preset: PermissionPreset | undefined,
  explicit: PermissionSet,
): PermissionSet {
  const names = permissionsOf(family);
  const granted = preset === undefined ? [] : PERMISSION_PRESETS[preset];
  return Object.fromEntries(
    names.map((name) => [
      name,
      explicit[name] ?? (granted === "all" || (granted as readonly string[]).includes(name)),
    ]),
  );
}
