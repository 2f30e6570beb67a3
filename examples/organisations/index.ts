import { resolve } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { Organisation } from "pulumi-infomaniak-mailbox";

/**
 * One program for every client: each stack (`pulumi stack select acme`) names its client's spec file
 * in `Pulumi.<stack>.yaml` (`specFile`, relative to this folder). Tests and the export command call
 * the function with a path instead.
 */
export = (specFile: string = new pulumi.Config().require("specFile")) => {
  const organisation = new Organisation({ spec: resolve(specFile) });
  return {
    members: Object.fromEntries(Object.entries(organisation.members).map(([email, m]) => [email, m.status])),
    grants: Object.fromEntries(Object.entries(organisation.grants).map(([key, g]) => [key, g.status])),
    invitations: Object.fromEntries(
      Object.entries(organisation.invitations).map(([key, i]) => [key, i.status]),
    ),
    invitationLinks: pulumi.secret(
      Object.fromEntries(Object.entries(organisation.invitations).map(([key, i]) => [key, i.shortUrl])),
    ),
    unmanaged: Object.fromEntries(
      Object.entries(organisation.policies).map(([key, p]) => [key, p.unmanaged]),
    ),
  };
};
