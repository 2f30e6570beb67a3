import type { SharingKind } from "../resourceKinds";
import { ResourceProps } from "../resourceProps";
import { isSharingKind, kindOfType, resourceTypeName } from "../resourceKinds";

export type { SharingKind } from "../resourceKinds";

/** What the rules read of a sharing resource: its checked inputs (or, in a stack rule, its state). */
export type SharingProps = ResourceProps;

export interface SharingResource {
  kind: SharingKind;
  name: string;
  urn: string;
  props: SharingProps;
}

/**
 * The resource as the rules read it, or undefined for another provider's resources. Props that do not
 * read as this provider's are an error naming the resource: a rule must not pass what it cannot read.
 */
export function readSharing(resource: {
  type: string;
  name: string;
  urn: string;
  props: Record<string, unknown>;
}): SharingResource | undefined {
  const kind = kindOfType(resource.type);
  if (!isSharingKind(kind)) return undefined;
  const parsed = ResourceProps.safeParse(resource.props);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `${describe(kind, resource.name)}: ${issue?.path.join(".") ?? ""} ${issue?.message ?? ""}: not a resource of this package's version?`,
    );
  }
  return { kind, name: resource.name, urn: resource.urn, props: parsed.data };
}

/** `MailboxAccess "alice-support"`: how messages name a resource. */
export function describe(kind: SharingKind, name: string): string {
  return `${resourceTypeName(kind)} "${name}"`;
}

/** Who the grant or link is for: an address, or the member's user id. */
export function whoOf(resource: SharingResource): string {
  const { email, userEmail, userId } = resource.props;
  return email ?? userEmail ?? (userId ? `user ${userId}` : "someone not known yet");
}

/** The mailbox's address, or its name where the address is not known (yet). */
export function mailboxOf(resource: SharingResource): string {
  return resource.props.address ?? resource.props.mailbox ?? "a mailbox not known yet";
}

/** Whether an address matches a pattern: `*` stands for any characters, letter case does not count. */
export function matchesPattern(address: string, pattern: string): boolean {
  const escaped = pattern
    .trim()
    .split("*")
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${escaped}$`, "i").test(address.trim());
}
