import type * as pulumi from "@pulumi/pulumi";
import type { Declared, State } from "../provider/resources/organisationUser/schema";
import { InfomaniakResource } from "./infomaniakResource";
import type { ConnectionArgs } from "./infomaniakResource";

export interface OrganisationUserArgs extends ConnectionArgs {
  /** The organisation (account) id. */
  accountId: pulumi.Input<number>;
  email: pulumi.Input<string>;
  /** Used in the invitation. */
  firstName: pulumi.Input<string>;
  lastName: pulumi.Input<string>;
  /** The invitation's language (default `en_GB`). */
  locale?: pulumi.Input<Declared["locale"]>;
  /** Default `normal`. The public API can change it only while the invitation is pending. */
  role?: pulumi.Input<Declared["role"]>;
  /** Take over a member or a pending invitation that already exists for this address. */
  adopt?: pulumi.Input<boolean>;
}

/**
 * A person in the organisation: invited (and the invitation tracked) or, with `adopt`, an existing
 * member. Destroying it cancels a pending invitation; the public API cannot remove an accepted member,
 * so that fails with the steps to take (the Manager, or `retainOnDelete`).
 */
export class OrganisationUser extends InfomaniakResource {
  declare readonly userId: pulumi.Output<State["userId"]>;
  declare readonly invitationId: pulumi.Output<State["invitationId"]>;
  declare readonly status: pulumi.Output<State["status"]>;
  /** The invitation's acceptance link: a secret. */
  declare readonly inviteUrl: pulumi.Output<State["inviteUrl"]>;
  declare readonly role: pulumi.Output<State["role"]>;

  constructor(name: string, args: OrganisationUserArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = ["role", "userId", "invitationId", "status", "inviteUrl"] satisfies (keyof State)[];
    super("organisationUser", name, { inputs: args, outputs, secretOutputs: ["inviteUrl"] }, opts);
  }
}
