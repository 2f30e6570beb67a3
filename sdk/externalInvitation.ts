import type * as pulumi from "@pulumi/pulumi";
import type { Permissions } from "./permissions";
import type { OnMailboxTyped } from "./onMailboxArgs";
import { outputNames, secretNames } from "../provider/engine/fields";
import type { Declared, State } from "../provider/resources/externalInvitation/schema";
import { fields } from "../provider/resources/externalInvitation/schema";
import type { ArgsOf } from "./resourceArgs";
import { warnWhenEnded } from "./endDates";
import { InfomaniakResource } from "./infomaniakResource";

/** An invitation link's arguments: see docs/resources/externalInvitation.md (generated from its schema). */
export type ExternalInvitationArgs = ArgsOf<typeof Declared, OnMailboxTyped>;

/**
 * Someone outside the organisation invited to a mailbox by link. Once they accept, the resource
 * tracks the access the link became (drift in its permissions shows; destroying it revokes it).
 */
export class ExternalInvitation extends InfomaniakResource {
  declare readonly key: pulumi.Output<string>;
  /** The invitation link: a secret. */
  declare readonly shortUrl: pulumi.Output<string>;
  declare readonly status: pulumi.Output<State["status"]>;
  /** ISO 8601. */
  declare readonly expiresAt: pulumi.Output<string>;
  declare readonly acceptedUserId: pulumi.Output<State["acceptedUserId"]>;
  declare readonly permissions: pulumi.Output<Required<Permissions>>;
  declare readonly address: pulumi.Output<string>;
  declare readonly accountId: pulumi.Output<number>;
  declare readonly family: pulumi.Output<State["family"]>;

  constructor(name: string, args: ExternalInvitationArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = outputNames(fields) satisfies (keyof ExternalInvitation)[];
    const secretOutputs = secretNames(fields);
    super("externalInvitation", name, { inputs: args, outputs, secretOutputs }, opts);
    warnWhenEnded(this, name, args.review);
  }
}
