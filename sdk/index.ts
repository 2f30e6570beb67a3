import { checkHowTheSdkIsLoaded } from "./loadGuards";

checkHowTheSdkIsLoaded();

export { EngineProbe, type EngineProbeArgs } from "./engineProbe";
export { OrganisationUser, type OrganisationUserArgs } from "./organisationUser";
export { MailboxAccess, type MailboxAccessArgs } from "./mailboxAccess";
export { ExternalInvitation, type ExternalInvitationArgs } from "./externalInvitation";
export { MailboxPolicy, type MailboxPolicyArgs, type UnmanagedSharing } from "./mailboxPolicy";
export { Organisation, type EndedEntry, type OrganisationArgs, resourceNames } from "./organisation";
export {
  loadOrganisationSpec,
  parseOrganisationSpec,
  validateOrganisationSpec,
  OrganisationSpecError,
  type SpecProblem,
} from "./organisationSpec/load";
export type {
  GrantSpec,
  InvitationSpec,
  MailboxSpec,
  MemberSpec,
  OrganisationSpec,
  OrganisationSpecInput,
} from "./organisationSpec/schema";
export * from "./permissions";
export { SdkLoadError } from "./loadGuards";
