import { z } from "zod";
import type { ResourceKind } from "../resourceKinds";
import { StoredReview } from "../fields/review";
import { kindOfType, resourceTypeName } from "../resourceKinds";

/** The kinds that share a mailbox, which the rules look at. */
export type SharingKind = Extract<ResourceKind, "mailboxAccess" | "externalInvitation" | "mailboxPolicy">;

/**
 * What the rules read of a sharing resource: its checked inputs (or, in a stack rule, its state), as
 * the resources' schemas name them. A tolerant reader: every field may be missing, others are ignored.
 */
const SharingProps = z.looseObject({
  mailHostingId: z.number().optional(),
  mailbox: z.string().optional(),
  address: z.string().optional(),
  /** A grant's member; a link's guest is `email`. */
  userEmail: z.string().optional(),
  userId: z.number().nullable().optional(),
  email: z.string().optional(),
  preset: z.string().optional(),
  permissions: z.record(z.string(), z.boolean()).optional(),
  review: StoredReview.optional(),
  /** A policy's live holders beyond its declaration. */
  unmanaged: z
    .array(
      z.looseObject({
        email: z.string(),
        permissions: z.record(z.string(), z.boolean()).nullable(),
      }),
    )
    .optional(),
});
export type SharingProps = z.infer<typeof SharingProps>;

export interface SharingResource {
  kind: SharingKind;
  name: string;
  urn: string;
  props: SharingProps;
}

const SHARING_KINDS: readonly ResourceKind[] = ["mailboxAccess", "externalInvitation", "mailboxPolicy"];

function isSharingKind(kind: ResourceKind | undefined): kind is SharingKind {
  return kind !== undefined && SHARING_KINDS.includes(kind);
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
  const parsed = SharingProps.safeParse(resource.props);
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
