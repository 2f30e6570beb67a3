import type * as pulumi from "@pulumi/pulumi";
import type { Acknowledged } from "../provider/fields/review";
import type { Unmanaged } from "../provider/resources/mailboxPolicy";
import { outputNames } from "../provider/engine/fields";
import type { Declared, State } from "../provider/resources/mailboxPolicy/schema";
import { fields } from "../provider/resources/mailboxPolicy/schema";
import { InfomaniakResource } from "./infomaniakResource";
import type { ArgsOf } from "./resourceArgs";

/** A policy's arguments: see docs/resources/mailboxPolicy.md (generated from its schema). */
export type MailboxPolicyArgs = ArgsOf<typeof Declared>;

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
    const outputs = outputNames(fields) satisfies (keyof MailboxPolicy)[];
    super("mailboxPolicy", name, { inputs: args, outputs }, opts);
  }
}
