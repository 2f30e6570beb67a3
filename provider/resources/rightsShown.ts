import type { AccessEntry, MailboxSharing } from "../api/accessFamilies/accessFamily";

/**
 * The rights a live access holds, as a refresh records them. Where the listing did not show them
 * (optional on the legacy family), the recorded rights stay: unknown is not "none".
 */
export function rightsShown(
  access: AccessEntry,
  recorded: { permissions: Record<string, boolean> },
): Record<string, boolean> {
  return access.permissions ?? recorded.permissions;
}

/**
 * What a read says when the listing hid the rights of the person the state records: the recorded
 * ones are kept, and drift in rights cannot be seen then.
 */
export function hiddenRightsNotice(
  sharing: Pick<MailboxSharing, "accesses">,
  userId: number | null,
  address: string,
): string | undefined {
  const access = userId === null ? undefined : sharing.accesses.find((a) => a.userId === userId);
  return access?.permissions === null
    ? `Infomaniak's listing of ${address} did not show the rights of ${access.email}: the recorded rights are kept, and a change made outside this stack cannot be detected`
    : undefined;
}
