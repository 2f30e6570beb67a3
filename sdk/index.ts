export { EngineProbe, type EngineProbeArgs } from "./engineProbe";
export { OrganisationUser, type OrganisationUserArgs } from "./organisationUser";
export { MailboxAccess, type MailboxAccessArgs } from "./mailboxAccess";
export { ExternalInvitation, type ExternalInvitationArgs } from "./externalInvitation";
export * from "./permissions";
