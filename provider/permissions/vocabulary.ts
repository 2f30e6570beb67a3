/**
 * The mailbox permission vocabulary of the Infomaniak API, each name declared once with where it
 * applies; every list, type and preset is derived from this table. Having access to a mailbox
 * already means reading and sending its mail; these booleans add management rights on top.
 */

/** Where a right exists: each access family's routes, and what a pending organisation invitation carries. */
type Vocabulary = "webmail" | "legacy" | "invitation";
/** The named sets of rights that grant some but not all: `readOnly` grants none, `full` all. */
type PartialPreset = "delegate" | "manager";

interface Right {
  in: readonly Vocabulary[];
  presets: readonly PartialPreset[];
}

/** Sorted by name: every list below keeps this order. */
const RIGHTS = {
  can_access_logs: { in: ["webmail", "invitation"], presets: ["manager"] },
  can_change_password: { in: ["webmail", "legacy", "invitation"], presets: [] },
  can_configure_mail_folders: { in: ["webmail", "legacy", "invitation"], presets: ["delegate", "manager"] },
  can_manage_aliases: { in: ["webmail", "legacy", "invitation"], presets: ["manager"] },
  can_manage_auto_reply: { in: ["webmail", "legacy", "invitation"], presets: ["delegate", "manager"] },
  can_manage_chat: { in: ["legacy"], presets: ["manager"] },
  can_manage_filters: { in: ["webmail", "legacy", "invitation"], presets: ["delegate", "manager"] },
  can_manage_redirections: { in: ["webmail", "legacy", "invitation"], presets: ["manager"] },
  can_manage_rules: { in: ["webmail"], presets: ["manager"] },
  can_manage_security: { in: ["webmail", "legacy", "invitation"], presets: [] },
  can_manage_signatures: { in: ["webmail", "legacy", "invitation"], presets: ["delegate", "manager"] },
  can_restore_emails: { in: ["webmail"], presets: ["manager"] },
} as const satisfies Record<string, Right>;

type Rights = typeof RIGHTS;
export type PermissionName = keyof Rights;
type NamesIn<V extends Vocabulary> = {
  [N in PermissionName]: V extends Rights[N]["in"][number] ? N : never;
}[PermissionName];

/** Permission booleans, by name (a missing name is not granted). */
export type PermissionSet = Partial<Record<PermissionName, boolean>>;

const NAMES = Object.keys(RIGHTS) as PermissionName[];

function namesIn<V extends Vocabulary>(vocabulary: V): readonly NamesIn<V>[] {
  return NAMES.filter((name) =>
    (RIGHTS[name].in as readonly Vocabulary[]).includes(vocabulary),
  ) as NamesIn<V>[];
}

/** The names of a preset that grants some rights. */
export function presetRights(preset: PartialPreset): readonly PermissionName[] {
  return NAMES.filter((name) => (RIGHTS[name].presets as readonly PartialPreset[]).includes(preset));
}

/** The new `accesses/webmail` family (11 booleans). */
export const WEBMAIL_PERMISSIONS = namesIn("webmail");
/** The legacy `users` / `invitations` family (9 booleans, among them `can_manage_chat`). */
export const LEGACY_PERMISSIONS = namesIn("legacy");
/**
 * What a pending organisation invitation can carry for a mailbox (9 booleans, whatever the account's
 * family): the mailbox is shared with these rights once the person accepts.
 */
export const INVITATION_MAILBOX_PERMISSIONS = namesIn("invitation");
/** Every name either family knows, sorted. */
export const ALL_PERMISSIONS = NAMES as [PermissionName, ...PermissionName[]];

export type AccessFamily = "webmail" | "legacy";

export function permissionsOf(family: AccessFamily): readonly PermissionName[] {
  return family === "webmail" ? WEBMAIL_PERMISSIONS : LEGACY_PERMISSIONS;
}

export function isPermissionName(name: string): name is PermissionName {
  return Object.hasOwn(RIGHTS, name);
}

/** The rights a set of permission booleans grants, sorted (none for an absent set). */
export function grantedRights(
  permissions: Readonly<Record<string, boolean | undefined>> | null | undefined,
): string[] {
  return Object.entries(permissions ?? {})
    .filter(([, on]) => on === true)
    .map(([name]) => name)
    .sort();
}
