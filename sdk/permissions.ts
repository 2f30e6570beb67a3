import type { PermissionName } from "../provider/api/permissionNames";
import type { PermissionPreset } from "../provider/permissionPresets";

export type { PermissionName, PermissionPreset };
export { PERMISSION_PRESETS } from "../provider/permissionPresets";
export { LEGACY_PERMISSIONS, WEBMAIL_PERMISSIONS } from "../provider/api/permissionNames";

/** Management rights on a mailbox, in Infomaniak's own names; unset ones come from the preset, else false. */
export type Permissions = Partial<Record<PermissionName, boolean>>;
