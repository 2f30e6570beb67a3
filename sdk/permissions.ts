import type { PermissionName } from "../provider/api/permissionNames";
import type { PermissionPreset } from "../provider/permissionPresets";
import type { Review } from "../provider/fields/review";

export type { PermissionName, PermissionPreset, Review };
export { PERMISSION_PRESETS } from "../provider/permissionPresets";
export { LEGACY_PERMISSIONS, WEBMAIL_PERMISSIONS } from "../provider/api/permissionNames";

/** Management rights on a mailbox, in Infomaniak's own names; unset ones come from the preset, else false. */
export type Permissions = Partial<Record<PermissionName, boolean>>;
