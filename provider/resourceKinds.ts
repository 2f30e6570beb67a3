/** Every resource kind the provider implements; the serialized stub carries only one of these names. */
export const RESOURCE_KINDS = [
  "engineProbe",
  "organisationUser",
  "mailboxAccess",
  "externalInvitation",
  "mailboxPolicy",
] as const;

export type ResourceKind = (typeof RESOURCE_KINDS)[number];
