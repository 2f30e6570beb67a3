import * as pulumi from "@pulumi/pulumi";
import { providerStub } from "./providerStub";

export interface OrganisationUserArgs {
  /** The organisation (account) id. */
  accountId: pulumi.Input<number>;
  email: pulumi.Input<string>;
  /** Used in the invitation. */
  firstName: pulumi.Input<string>;
  lastName: pulumi.Input<string>;
  /** The invitation's language (default `en_GB`). */
  locale?: pulumi.Input<"de_DE" | "en_GB" | "es_ES" | "fr_FR" | "it_IT">;
  /** Default `normal`. The public API can change it only while the invitation is pending. */
  role?: pulumi.Input<"owner" | "admin" | "normal">;
  /** Take over a member or a pending invitation that already exists for this address. */
  adopt?: pulumi.Input<boolean>;
}

/**
 * A person in the organisation: invited (and the invitation tracked) or, with `adopt`, an existing
 * member. Destroying it cancels a pending invitation; the public API cannot remove an accepted member,
 * so that fails with the steps to take (the Manager, or `retainOnDelete`).
 */
export class OrganisationUser extends pulumi.dynamic.Resource {
  declare readonly userId: pulumi.Output<number | null>;
  declare readonly invitationId: pulumi.Output<number | null>;
  declare readonly status: pulumi.Output<"pending" | "accepted" | "rejected" | "cancelled" | "expired">;
  /** The invitation's acceptance link: a secret. */
  declare readonly inviteUrl: pulumi.Output<string | null>;
  declare readonly role: pulumi.Output<"owner" | "admin" | "normal">;

  constructor(name: string, args: OrganisationUserArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerStub("organisationUser"),
      name,
      {
        ...args,
        // Inputs the program may leave out are outputs too: name them so the engine reports them.
        role: args.role,
        userId: undefined,
        invitationId: undefined,
        status: undefined,
        inviteUrl: undefined,
      },
      { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "inviteUrl"] },
      "infomaniak",
      "OrganisationUser",
    );
  }
}
