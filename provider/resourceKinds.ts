import * as externalInvitation from "./resources/externalInvitation/schema";
import * as mailboxAccess from "./resources/mailboxAccess/schema";
import * as mailboxPolicy from "./resources/mailboxPolicy/schema";
import * as organisationUser from "./resources/organisationUser/schema";

/**
 * What a kind's resources are to the rest of the package: a person in the organisation, a grant on a
 * mailbox, an invitation link, a mailbox's policy, or the engine probe.
 */
export type KindRole = "member" | "grant" | "invitation" | "policy" | "probe";

/** One resource kind: its contract (the schema module, field table among it) and what it is. */
export interface KindDescriptor {
  role: KindRole;
  /** It has an `adopt` input: what an interrupted create made may exist without a state. */
  adopts: boolean;
  /** It shares a mailbox (its props name one): what the policy pack and the reports read. */
  sharesMailbox: boolean;
  /** Its schema module; none for the probe, whose contract lives with it. */
  contract?: { Declared: object; Checked: object; State: object; fields: object };
}

/**
 * The registry of kinds: every other list of kinds (the provider's implementations, the stubs, the
 * report's and the policy pack's readers) is keyed by it, so a kind left out fails to compile.
 */
export const KINDS = {
  engineProbe: { role: "probe", adopts: false, sharesMailbox: false },
  organisationUser: { role: "member", adopts: true, sharesMailbox: false, contract: organisationUser },
  mailboxAccess: { role: "grant", adopts: true, sharesMailbox: true, contract: mailboxAccess },
  externalInvitation: { role: "invitation", adopts: true, sharesMailbox: true, contract: externalInvitation },
  mailboxPolicy: { role: "policy", adopts: false, sharesMailbox: true, contract: mailboxPolicy },
} as const satisfies Record<string, KindDescriptor>;

export type ResourceKind = keyof typeof KINDS;

/** Every resource kind the provider implements; the serialized stub carries only one of these names. */
export const RESOURCE_KINDS = Object.keys(KINDS) as readonly ResourceKind[];

/** The kinds whose descriptor says `sharesMailbox`. */
export type SharingKind = {
  [K in ResourceKind]: (typeof KINDS)[K]["sharesMailbox"] extends true ? K : never;
}[ResourceKind];

/** Whether a kind shares a mailbox. */
export function isSharingKind(kind: ResourceKind | undefined): kind is SharingKind {
  return kind !== undefined && KINDS[kind].sharesMailbox;
}

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
