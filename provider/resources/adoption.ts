import { z } from "zod";
import type { MailboxRef, PendingLink, PermissionSet } from "../api/accessFamilies/accessFamily";
import { samePermissions } from "../api/accessFamilies/accessFamily";
import type { InfomaniakClient } from "../api/client";
import type { Previous } from "../engine/defineResource";
import type { CheckFailure } from "../engine/protocol";
import { failure } from "../engine/protocol";
import { liveLinkTo, unsentLinkSince } from "../links";
import { sameEmail } from "../people";
import { recoveryInForceNow } from "../runtime";

/**
 * What an adopting resource found when it was first checked: the rights the person held then (null
 * when the listing did not show them), or null when there was nothing to adopt. The permission report
 * reads it to tell an adoption that changes nothing from a new grant; the provider's diff ignores it.
 */
export const Existing = z.object({ permissions: z.record(z.string(), z.boolean()).nullable() }).nullable();
export type Existing = z.infer<typeof Existing>;

/**
 * After `recover`: the one link an interrupted create made but never e-mailed (unsentLinkSince), for
 * an adopting resource to take over and e-mail instead of making another; undefined otherwise.
 */
export function unsentLinkToTakeOver(
  adopt: boolean | undefined,
  links: readonly PendingLink[],
  permissions: PermissionSet,
): PendingLink | undefined {
  const recovery = recoveryInForceNow();
  if (!adopt || !recovery) return undefined;
  return unsentLinkSince(links, (l) => samePermissions(l.permissions, permissions), recovery.interruptedAt);
}

/** Looked up once, on the first check of a resource with `adopt: true`; kept as it was afterwards. */
async function existingOnAdoption(
  previous: Previous,
  adopt: boolean | undefined,
  find: () => Promise<PermissionSet | null | undefined>,
): Promise<{ existing?: Existing }> {
  if (previous !== undefined) {
    const kept = Existing.optional().safeParse(previous["existing"]);
    return kept.success && kept.data !== undefined ? { existing: kept.data } : {};
  }
  if (!adopt) return {};
  const permissions = await find();
  return { existing: permissions === undefined ? null : { permissions } };
}

/**
 * The rights a person held on a mailbox before this run changed anything: their access, else a live
 * link sent to them; null when they hold it but the listing did not show the rights, undefined when
 * they hold nothing.
 */
export async function heldBy(
  client: InfomaniakClient,
  mailbox: MailboxRef,
  person: { userId?: number; email: string },
): Promise<PermissionSet | null | undefined> {
  const sharing = await client.mailboxAccesses.sharingAsFirstSeen(mailbox);
  const access = sharing.accesses.find((a) =>
    person.userId !== undefined ? a.userId === person.userId : sameEmail(a.email, person.email),
  );
  const link = liveLinkTo(sharing.invitations, person.email);
  return (access ?? link)?.permissions;
}

/**
 * Adoption as `check` sees it. On the first check, what `create` would refuse without `adopt`
 * (adoption_required) is said in preview from the listing it reads; with `adopt`, what the person
 * held is looked up once and kept afterwards. No person (someone not in the organisation yet): nothing.
 */
export async function adoptionOnCheck<P extends { userId?: number; email: string }>(
  client: InfomaniakClient,
  previous: Previous,
  mailbox: MailboxRef,
  person: P | undefined,
  adopt: boolean | undefined,
  refusal: (person: P) => string,
): Promise<{ existing?: Existing } | CheckFailure> {
  const held = async () => (person ? heldBy(client, mailbox, person) : undefined);
  if (person && !adopt && previous === undefined && (await held()) !== undefined)
    return failure("adopt", refusal(person));
  return existingOnAdoption(previous, adopt && person !== undefined, held);
}
