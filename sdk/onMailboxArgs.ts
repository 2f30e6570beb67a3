import type * as pulumi from "@pulumi/pulumi";
import type { ConnectionArgs } from "./infomaniakResource";
import type { DeclaredIn } from "../provider/resources/wording";
import type { PermissionPreset, Permissions, Review } from "./permissions";

/** What a grant (`MailboxAccess`) and an invitation link (`ExternalInvitation`) declare alike. */
export interface OnMailboxArgs extends ConnectionArgs {
  /** The mail hosting (service) id, as in the Manager's URL. */
  mailHostingId: pulumi.Input<number>;
  /** The mailbox: its name (`support`) or its address (`support@example.ch`, on the hosting's domain). */
  mailbox: pulumi.Input<string>;
  /** The organisation (account) the mail hosting belongs to: when given, a mismatch fails the preview. */
  accountId?: pulumi.Input<number>;
  /** A named set of rights (`readOnly`, `delegate`, `manager`, `full`), expanded to explicit booleans. */
  preset?: pulumi.Input<PermissionPreset>;
  /** Explicit rights; they override the preset's. */
  permissions?: pulumi.Input<Permissions>;
  /** Why the grant exists and until when: stored, shown by the permission report, never sent to Infomaniak. */
  review?: pulumi.Input<Review>;
  /** Set by the Organisation component: advice in errors then names the spec's fields. */
  declaredIn?: pulumi.Input<DeclaredIn>;
}
