import type * as pulumi from "@pulumi/pulumi";
import type { Permissions } from "./permissions";
import type { OnMailboxArgs } from "./onMailboxArgs";
import type { State } from "../provider/resources/mailboxAccess/schema";
import { warnWhenEnded } from "./endDates";
import { InfomaniakResource } from "./infomaniakResource";

export interface MailboxAccessArgs extends OnMailboxArgs {
  /** The member's Infomaniak user id; or give `userEmail`. */
  userId?: pulumi.Input<number>;
  /** The member's address in the organisation; or give `userId`. */
  userEmail?: pulumi.Input<string>;
  /** Take over an access that already exists (its permissions are then set to the declared ones). */
  adopt?: pulumi.Input<boolean>;
  /**
   * Accept someone invited into the organisation who has not joined yet (with `userEmail`): the grant
   * is attached to their invitation and becomes an access when they accept.
   */
  carryOnInvitation?: pulumi.Input<boolean>;
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
    warnWhenEnded(this, name, args.review);
  }
}
