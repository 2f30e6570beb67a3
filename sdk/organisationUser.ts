import type * as pulumi from "@pulumi/pulumi";
import { outputNames, secretNames } from "../provider/engine/fields";
import type { Declared, State } from "../provider/resources/organisationUser/schema";
import { fields } from "../provider/resources/organisationUser/schema";
import { InfomaniakResource } from "./infomaniakResource";
import type { ArgsOf } from "./resourceArgs";

/** A person's arguments: see docs/resources/organisationUser.md (generated from its schema). */
export type OrganisationUserArgs = ArgsOf<typeof Declared>;

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
    const outputs = outputNames(fields) satisfies (keyof OrganisationUser)[];
    const secretOutputs = secretNames(fields);
    super("organisationUser", name, { inputs: args, outputs, secretOutputs }, opts);
  }
}
