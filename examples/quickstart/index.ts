import { ExternalInvitation, MailboxAccess, OrganisationUser } from "pulumi-infomaniak-mailbox";

/**
 * Acme SA shares its support@ mailbox: two members with different rights, an outside accountant who
 * may read it, and a new colleague invited into the organisation. The ids are those of the bundled
 * simulator's seed; for your organisation, use yours (the Manager's URLs show them).
 */
const ACME_ACCOUNT = 100;
const ACME_MAIL_HOSTING = 10;

export = () => {
  const bruno = new MailboxAccess("support-bruno", {
    mailHostingId: ACME_MAIL_HOSTING,
    mailbox: "support@acme.example",
    userEmail: "bruno@acme.example",
    preset: "manager",
  });

  const chloe = new MailboxAccess("support-chloe", {
    mailHostingId: ACME_MAIL_HOSTING,
    mailbox: "support",
    userEmail: "chloe@acme.example",
    preset: "delegate",
    permissions: { can_manage_aliases: true },
  });

  const accountant = new ExternalInvitation("support-accountant", {
    mailHostingId: ACME_MAIL_HOSTING,
    mailbox: "support",
    email: "accountant@numbers.example",
    firstName: "Gina",
    lastName: "Numbers",
    preset: "readOnly",
    language: "fr",
  });

  const emma = new OrganisationUser("emma-dubois", {
    accountId: ACME_ACCOUNT,
    email: "emma@acme.example",
    firstName: "Emma",
    lastName: "Dubois",
    locale: "fr_FR",
  });

  return {
    brunoPermissions: bruno.permissions,
    chloePermissions: chloe.permissions,
    accountantInvitation: accountant.status,
    accountantLink: accountant.shortUrl,
    emmaInvitation: emma.status,
  };
};
