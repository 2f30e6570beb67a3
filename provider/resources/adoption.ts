import { z } from "zod";
import type { MailboxRef, PermissionSet } from "../api/accessFamilies/accessFamily";
import { apiClient } from "../runtime";
import { withoutProvider } from "./inputs";

/**
 * What an adopting resource found when it was first checked: the rights the person held then (null
 * when the listing did not show them), or null when there was nothing to adopt. The permission report
 * reads it to tell an adoption that changes nothing from a new grant; the provider's diff ignores it.
 */
export const Existing = z.object({ permissions: z.record(z.string(), z.boolean()).nullable() }).nullable();
export type Existing = z.infer<typeof Existing>;

/** Looked up once, on the first check of a resource with `adopt: true`; kept as it was afterwards. */
export async function existingOnAdoption(
  olds: unknown,
  adopt: boolean | undefined,
  find: () => Promise<PermissionSet | null | undefined>,
): Promise<{ existing?: Existing }> {
  if (!isFirstCheck(olds)) {
    const kept = Existing.optional().safeParse(withoutProvider(olds)["existing"]);
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
  mailbox: MailboxRef,
  person: { userId?: number; email: string },
): Promise<PermissionSet | null | undefined> {
  const sharing = await apiClient().mailboxAccesses.sharingAsFirstSeen(mailbox);
  const email = person.email.toLowerCase();
  const access = sharing.accesses.find((a) =>
    person.userId !== undefined ? a.userId === person.userId : a.email.toLowerCase() === email,
  );
  const link = sharing.invitations.find(
    (i) => i.sentTo.toLowerCase() === email && i.expiresAt * 1000 > Date.now(),
  );
  return (access ?? link)?.permissions;
}

/** Whether `check` sees this resource for the first time (nothing in the state yet). */
export function isFirstCheck(olds: unknown): boolean {
  return Object.keys(withoutProvider(olds)).length === 0;
}
