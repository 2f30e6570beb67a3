import type * as pulumi from "@pulumi/pulumi";
import type { Permissions } from "./permissions";
import type { OnMailboxTyped } from "./onMailboxArgs";
import { outputNames } from "../provider/engine/fields";
import type { Declared, State } from "../provider/resources/mailboxAccess/schema";
import { fields } from "../provider/resources/mailboxAccess/schema";
import type { ArgsOf } from "./resourceArgs";
import { warnWhenEnded } from "./endDates";
import { InfomaniakResource } from "./infomaniakResource";

/** A grant's arguments: see docs/resources/mailboxAccess.md (generated from its schema). */
export type MailboxAccessArgs = ArgsOf<typeof Declared, OnMailboxTyped>;

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
    const outputs = outputNames(fields) satisfies (keyof MailboxAccess)[];
    super("mailboxAccess", name, { inputs: args, outputs }, opts);
    warnWhenEnded(this, name, args.review);
  }
}
