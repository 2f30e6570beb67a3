import { join } from "node:path";
import { ExternalInvitation, MailboxAccess, OrganisationUser } from "pulumi-infomaniak-mailbox";
import organisationProgram from "../../../examples/organisations";

/**
 * The program of every state fixture: both example clients' spec files as they were in that version
 * (acme on the webmail family, legacy-gmbh on the legacy one), and beside them a member still invited
 * whose grant rides on the invitation, a member's grant still pending on the legacy family, and
 * external links on the legacy family.
 */
export function fixtureProgram(fixtureDir: string): void {
  organisationProgram(join(fixtureDir, "acme.yaml"));
  organisationProgram(join(fixtureDir, "legacy-gmbh.yaml"));
  const gus = new OrganisationUser("gus", {
    accountId: 100,
    email: "gus@acme.example",
    firstName: "Gus",
    lastName: "Meier",
  });
  new MailboxAccess(
    "gus-invoices",
    {
      accountId: 100,
      mailHostingId: 10,
      mailbox: "invoices",
      userEmail: "gus@acme.example",
      carryOnInvitation: true,
      preset: "readOnly",
    },
    { dependsOn: gus },
  );
  new MailboxAccess("erika-info", {
    accountId: 200,
    mailHostingId: 20,
    mailbox: "info",
    userEmail: "erika@legacy.example",
    preset: "readOnly",
  });
  new ExternalInvitation("tax-office", {
    accountId: 200,
    mailHostingId: 20,
    mailbox: "office",
    email: "tax@advisor.example",
    firstName: "Tina",
    lastName: "Tax",
    preset: "readOnly",
  });
  new ExternalInvitation("bookkeeper-info", {
    accountId: 200,
    mailHostingId: 20,
    mailbox: "info",
    email: "books@advisor.example",
    firstName: "Bob",
    lastName: "Books",
    preset: "readOnly",
    onExpiry: "report",
  });
}

/** The stack's project and name in every fixture (its resources' URNs carry them). */
export const FIXTURE_STACK = "state-compat";
