import type * as pulumi from "@pulumi/pulumi";
import type { PermissionPreset, Permissions, Review } from "./permissions";

/** What a grant and an invitation link declare by a richer type than their schemas': rights by name. */
export interface OnMailboxTyped {
  preset?: pulumi.Input<PermissionPreset>;
  permissions?: pulumi.Input<Permissions>;
  review?: pulumi.Input<Review>;
}
