/** Every resource kind the provider implements; the serialized stub carries only one of these names. */
export const RESOURCE_KINDS = [
  "engineProbe",
  "organisationUser",
  "mailboxAccess",
  "externalInvitation",
  "mailboxPolicy",
] as const;

export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/** The class name of a kind's resources (`MailboxAccess`), the last part of their type token. */
export function resourceTypeName(kind: ResourceKind): string {
  return `${kind.charAt(0).toUpperCase()}${kind.slice(1)}`;
}

/**
 * The kind of a resource from its type: the engine's token (`pulumi-nodejs:dynamic/infomaniak:MailboxAccess`)
 * or any form that ends in `infomaniak:MailboxAccess`; undefined for another provider's resources.
 */
export function kindOfType(type: string): ResourceKind | undefined {
  return RESOURCE_KINDS.find((kind) => type.endsWith(`infomaniak:${resourceTypeName(kind)}`));
}
