import type { PermissionName, PermissionPreset, PermissionSet } from "../provider/permissions";
import type { Review } from "../provider/fields/review";

export type { PermissionName, PermissionPreset, Review };
export { LEGACY_PERMISSIONS, PERMISSION_PRESETS, WEBMAIL_PERMISSIONS } from "../provider/permissions";

/** Management rights on a mailbox, in Infomaniak's own names; unset ones come from the preset, else false. */
export type Permissions = PermissionSet;
