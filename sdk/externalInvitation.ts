import type * as pulumi from "@pulumi/pulumi";
import type { Permissions } from "./permissions";
import type { OnMailboxArgs } from "./onMailboxArgs";
import type { Declared, State } from "../provider/resources/externalInvitation/schema";
import { warnWhenEnded } from "./endDates";
import { InfomaniakResource } from "./infomaniakResource";

export interface ExternalInvitationArgs extends OnMailboxArgs {
  /** Who is invited: someone outside the organisation. */
  email: pulumi.Input<string>;
  firstName?: pulumi.Input<string>;
  lastName?: pulumi.Input<string>;
  /** E-mail the link (default true); false only creates it (see the secret `shortUrl` output). */
  send?: pulumi.Input<boolean>;
  /** The e-mail's language (default: the organisation's, else `en`). */
  language?: pulumi.Input<Declared["language"]>;
  /** When the link expires unanswered: `report` (default: a warning, nothing changes) or `reinvite` (a new link on the next up). */
  onExpiry?: pulumi.Input<Declared["onExpiry"]>;
  /** Take over an access or a pending link that already exists for this address. */
  adopt?: pulumi.Input<boolean>;
}

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
    const outputs = [
      "permissions",
      "key",
      "shortUrl",
      "status",
      "expiresAt",
      "acceptedUserId",
      "address",
      "family",
      "accountId",
    ] satisfies (keyof State)[];
    super("externalInvitation", name, { inputs: args, outputs, secretOutputs: ["shortUrl"] }, opts);
    warnWhenEnded(this, name, args.review);
  }
}
