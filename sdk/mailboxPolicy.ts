import type * as pulumi from "@pulumi/pulumi";
import type { Acknowledged } from "../provider/fields/review";
import type { Unmanaged } from "../provider/resources/mailboxPolicy";
import type { Declared, State } from "../provider/resources/mailboxPolicy/schema";
import { InfomaniakResource } from "./infomaniakResource";
import type { ConnectionArgs } from "./infomaniakResource";

export interface MailboxPolicyArgs extends ConnectionArgs {
  mailHostingId: pulumi.Input<number>;
  /** The mailbox: its name (`support`) or its address (`support@example.ch`). */
  mailbox: pulumi.Input<string>;
  /** The organisation (account) the mail hosting belongs to: when given, a mismatch fails the preview. */
  accountId?: pulumi.Input<number>;
  /**
   * `authoritative`: every access and pending link on the mailbox that the program does not declare is
   * revoked. `report-only`: they are only listed (the `unmanaged` output and the permission report).
   */
  mode: pulumi.Input<Declared["mode"]>;
  /** Addresses whose access or link the program declares (members granted access, people invited). */
  managedEmails?: pulumi.Input<pulumi.Input<string>[]>;
  /** User ids whose access the program declares, e.g. an ExternalInvitation's `acceptedUserId`. */
  managedUserIds?: pulumi.Input<pulumi.Input<number | null>[]>;
  /** Keys of links the program declares (each ExternalInvitation's `key`): a link not e-mailed (`send: false`) has no recipient yet. */
  managedLinkKeys?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Undeclared access known and accepted for now (a team, a colleague in transition), with why and who
   * answers for it: still listed by the permission report, but `--fail-on-drift` passes it. Only what
   * the mode keeps can be acknowledged: authoritative mode revokes undeclared people all the same.
   */
  acknowledged?: pulumi.Input<pulumi.Input<AcknowledgedSharing>[]>;
  /** Set by the Organisation component: advice in errors then names the spec's fields. */
  declaredIn?: pulumi.Input<Declared["declaredIn"]>;
}

/** An undeclared access the drift gate lets pass: `who` is the address or team label the report shows. */
export type AcknowledgedSharing = Acknowledged;

/** An access or pending link on the mailbox that the program does not declare. */
export type UnmanagedSharing = Unmanaged;

/**
 * Declares that a mailbox's sharing is complete in the program. Give it `dependsOn` the mailbox's
 * grants and invitations so that it runs after them.
 */
export class MailboxPolicy extends InfomaniakResource {
  declare readonly mode: pulumi.Output<State["mode"]>;
  declare readonly address: pulumi.Output<string>;
  declare readonly accountId: pulumi.Output<number>;
  /** What the mailbox holds beyond the declaration: empty after an authoritative apply. */
  declare readonly unmanaged: pulumi.Output<UnmanagedSharing[]>;

  constructor(name: string, args: MailboxPolicyArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = ["accountId", "address", "unmanaged"] satisfies (keyof State)[];
    super("mailboxPolicy", name, { inputs: args, outputs }, opts);
  }
}
