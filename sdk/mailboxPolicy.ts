import * as pulumi from "@pulumi/pulumi";
import type { Unmanaged } from "../provider/resources/mailboxPolicy";
import { providerStub } from "./providerStub";

export interface MailboxPolicyArgs {
  mailHostingId: pulumi.Input<number>;
  /** The mailbox: its name (`support`) or its address (`support@example.ch`). */
  mailbox: pulumi.Input<string>;
  /**
   * `authoritative`: every access and pending link on the mailbox that the program does not declare is
   * revoked. `report-only`: they are only listed (the `unmanaged` output and the permission report).
   */
  mode: pulumi.Input<"authoritative" | "report-only">;
  /** Addresses whose access or link the program declares (members granted access, people invited). */
  managedEmails?: pulumi.Input<pulumi.Input<string>[]>;
  /** User ids whose access the program declares, e.g. an ExternalInvitation's `acceptedUserId`. */
  managedUserIds?: pulumi.Input<pulumi.Input<number | null>[]>;
}

/** An access or pending link on the mailbox that the program does not declare. */
export type UnmanagedSharing = Unmanaged;

/**
 * Declares that a mailbox's sharing is complete in the program. Give it `dependsOn` the mailbox's
 * grants and invitations so that it runs after them.
 */
export class MailboxPolicy extends pulumi.dynamic.Resource {
  declare readonly mode: pulumi.Output<"authoritative" | "report-only">;
  declare readonly address: pulumi.Output<string>;
  /** What the mailbox holds beyond the declaration: empty after an authoritative apply. */
  declare readonly unmanaged: pulumi.Output<UnmanagedSharing[]>;

  constructor(name: string, args: MailboxPolicyArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerStub("mailboxPolicy"),
      name,
      { ...args, address: undefined, unmanaged: undefined },
      opts,
      "infomaniak",
      "MailboxPolicy",
    );
  }
}
