import type * as pulumi from "@pulumi/pulumi";
import type { Permissions, PermissionPreset, Review } from "./permissions";
import type { Declared, State } from "../provider/resources/mailboxAccess/schema";
import { InfomaniakResource } from "./infomaniakResource";

export interface MailboxAccessArgs {
  /** The mail hosting (service) id, as in the Manager's URL. */
  mailHostingId: pulumi.Input<number>;
  /** The mailbox: its name (`support`) or its address (`support@example.ch`, on the hosting's domain). */
  mailbox: pulumi.Input<string>;
  /** The organisation (account) the mail hosting belongs to: when given, a mismatch fails the preview. */
  accountId?: pulumi.Input<number>;
  /** The member's Infomaniak user id; or give `userEmail`. */
  userId?: pulumi.Input<number>;
  /** The member's address in the organisation; or give `userId`. */
  userEmail?: pulumi.Input<string>;
  /** A named set of rights (`readOnly`, `delegate`, `manager`, `full`), expanded to explicit booleans. */
  preset?: pulumi.Input<PermissionPreset>;
  /** Explicit rights; they override the preset's. */
  permissions?: pulumi.Input<Permissions>;
  /** Take over an access that already exists (its permissions are then set to the declared ones). */
  adopt?: pulumi.Input<boolean>;
  /**
   * Accept someone invited into the organisation who has not joined yet (with `userEmail`): the grant
   * is attached to their invitation and becomes an access when they accept.
   */
  carryOnInvitation?: pulumi.Input<boolean>;
  /** Why the grant exists and until when: stored, shown by the permission report, never sent to Infomaniak. */
  review?: pulumi.Input<Review>;
  /** Set by the Organisation component: advice in errors then names the spec's fields. */
  declaredIn?: pulumi.Input<Declared["declaredIn"]>;
}

/** A member of the organisation allowed to open a mailbox, with management rights. */
export class MailboxAccess extends InfomaniakResource {
  declare readonly mailHostingId: pulumi.Output<number>;
  declare readonly mailbox: pulumi.Output<string>;
  /** Null while the grant rides on an invitation (`status: invited`). */
  declare readonly userId: pulumi.Output<State["userId"]>;
  declare readonly permissions: pulumi.Output<Required<Permissions>>;
  declare readonly accountId: pulumi.Output<number>;
  /** The mailbox's full address. */
  declare readonly address: pulumi.Output<string>;
  /** `webmail` (new) or `legacy`: the account's access family. */
  declare readonly family: pulumi.Output<State["family"]>;
  /**
   * `pending` on the legacy family until the member accepts the invitation it sends them; `invited`
   * while the grant rides on the person's invitation into the organisation.
   */
  declare readonly status: pulumi.Output<State["status"]>;
  declare readonly invitationKey: pulumi.Output<State["invitationKey"]>;
  declare readonly organisationInvitationId: pulumi.Output<State["organisationInvitationId"]>;

  constructor(name: string, args: MailboxAccessArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = [
      "userId",
      "permissions",
      "accountId",
      "address",
      "family",
      "status",
      "invitationKey",
      "organisationInvitationId",
    ] satisfies (keyof State)[];
    super("mailboxAccess", name, { inputs: args, outputs }, opts);
  }
}
