import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ALL_PERMISSIONS } from "../api/permissionNames";
import type { PermissionName } from "../api/permissionNames";
import { PRESET_NAMES } from "../permissionPresets";

/** The engine's placeholder for a value not known during preview (an output of another resource). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

export type CheckFailure = pulumi.dynamic.CheckFailure;

/** A problem with one input: the property path and a reason that says what to do. */
export function failure(property: string, reason: string): CheckFailure {
  return { property, reason };
}

/** Zod issues as check failures, each naming the input and the fix. */
export function failuresOf(error: z.ZodError): CheckFailure[] {
  return error.issues.map((issue) => failure(issue.path.join(".") || "(inputs)", issue.message));
}

/** The engine's property bag without the reserved `__provider` key. */
export function withoutProvider(bag: unknown): Record<string, unknown> {
  if (typeof bag !== "object" || bag === null) return {};
  const { __provider: _ignored, ...rest } = bag as Record<string, unknown>;
  return rest;
}

// ---- Field schemas shared by the resources, with messages that say the fix ----

/** "required" when absent, "a number" when given as something else (such as text). */
function numberError(field: string, what: string) {
  return (issue: { input?: unknown }) =>
    issue.input === undefined
      ? `${field} is required: ${what}`
      : `${field} must be a number, such as 100 (not ${JSON.stringify(issue.input)}): ${what}`;
}

export const MailHostingId = z
  .number({
    error: numberError("mailHostingId", "the numeric id of the mail hosting (in the Manager's URL)"),
  })
  .int({ error: "mailHostingId must be a whole number" })
  .positive({ error: "mailHostingId must be positive" });

export const AccountId = z
  .number({ error: numberError("accountId", "the numeric id of the organisation (account)") })
  .int({ error: "accountId must be a whole number" })
  .positive({ error: "accountId must be positive" });

const LOCAL_PART = /^[a-z0-9](?:[a-z0-9._+-]{0,62}[a-z0-9])?$/i;

/** `local@domain` (or a bare `local`), when there is at most one `@`. */
function addressParts(value: string): { local: string; domain: string | undefined } | undefined {
  const [local, domain, ...rest] = value.split("@");
  return rest.length === 0 && local !== undefined ? { local, domain } : undefined;
}
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/** A mailbox name (`support`) or full address (`support@example.ch`); the domain is checked against the hosting. */
export const MailboxInput = z
  .string({
    error: 'mailbox is required: a mailbox name such as "support" or its address "support@example.ch"',
  })
  .trim()
  .toLowerCase()
  .refine(
    (value) => {
      const parts = addressParts(value);
      return (
        parts !== undefined &&
        LOCAL_PART.test(parts.local) &&
        !parts.local.includes("..") &&
        (parts.domain === undefined || DOMAIN.test(parts.domain))
      );
    },
    {
      error:
        'mailbox must be a mailbox name such as "support" or an address such as "support@example.ch" (letters, digits, ".", "-", "_", "+")',
    },
  );

/** An e-mail address, without look-alike characters: ASCII only, so what the reviewer reads is what is sent. */
export const EmailInput = z
  .string({ error: "an e-mail address is required" })
  .trim()
  .max(254, { error: "an e-mail address has at most 254 characters" })
  .refine(
    (value) => {
      const parts = addressParts(value);
      return (
        parts !== undefined &&
        /^[a-z0-9._%+-]{1,64}$/i.test(parts.local) &&
        parts.domain !== undefined &&
        DOMAIN.test(parts.domain)
      );
    },
    { error: 'must be a plain ASCII e-mail address such as "anna@example.ch"' },
  );

/** A first or last name for an organisation invitation. */
export const PersonName = (field: string) =>
  z
    .string({ error: `${field} is required: it appears in the invitation e-mail` })
    .trim()
    .min(1, { error: `${field} must not be empty: it appears in the invitation e-mail` })
    .max(100, { error: `${field} has at most 100 characters` });

/** How completely a MailboxPolicy governs its mailbox. */
export const POLICY_MODES = ["authoritative", "report-only"] as const;

export const PresetInput = z.enum(PRESET_NAMES, {
  error: `preset must be one of ${PRESET_NAMES.join(", ")}`,
});

export const PermissionsInput = z.record(
  z.string(),
  z.boolean({ error: "each permission is true or false" }),
  {
    error: "permissions must be an object of booleans, such as { can_manage_filters: true }",
  },
);

export function isPermissionName(name: string): name is PermissionName {
  return (ALL_PERMISSIONS as readonly string[]).includes(name);
}

/** Unknown permission names, each with the list of known ones. */
export function unknownPermissionFailures(permissions: Record<string, boolean> | undefined): CheckFailure[] {
  return Object.keys(permissions ?? {})
    .filter((name) => !isPermissionName(name))
    .map((name) =>
      failure(
        `permissions.${name}`,
        `unknown permission "${name}": use one of ${ALL_PERMISSIONS.join(", ")}`,
      ),
    );
}

function permissionsOf(declared: object | undefined): Record<string, boolean> | undefined {
  return declared && "permissions" in declared
    ? (declared.permissions as Record<string, boolean> | undefined)
    : undefined;
}

export type Declaration<T> =
  | { kind: "invalid"; failures: CheckFailure[] }
  /** Some inputs are outputs of other resources, unknown during preview: checked again at apply time. */
  | { kind: "partial"; inputs: Record<string, unknown> }
  | { kind: "complete"; declared: T };

/**
 * Parses what the program declared. Unknown values (outputs of resources not created yet) are left
 * alone; every other problem is a failure naming its input.
 */
export function parseDeclaration<T extends object>(schema: z.ZodType<T>, news: unknown): Declaration<T> {
  const raw = withoutProvider(news);
  const unknownFields = Object.keys(raw).filter((k) => isUnknown(raw[k]));
  const parsed = schema.safeParse(
    Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, isUnknown(v) ? undefined : v])),
  );
  const failures = [
    ...(parsed.success ? [] : failuresOf(parsed.error).filter((f) => !unknownFields.includes(f.property))),
    ...unknownPermissionFailures(permissionsOf(parsed.data)),
  ];
  if (failures.length > 0) return { kind: "invalid", failures };
  if (!parsed.success || unknownFields.length > 0) return { kind: "partial", inputs: raw };
  return { kind: "complete", declared: parsed.data };
}

const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** A calendar date, `YYYY-MM-DD`, that exists. */
export const IsoDate = z
  .string({ error: 'a date is written YYYY-MM-DD, such as "2027-03-31"' })
  .refine((value) => ISO_DATE.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), {
    error: 'must be a real date written YYYY-MM-DD, such as "2027-03-31"',
  });

/**
 * Why a grant exists and until when: stored with the resource and shown by the permission report. It
 * changes nothing at Infomaniak; `expiresAt` is flagged by the report, not enforced.
 */
export const ReviewInput = z.strictObject(
  {
    reason: z
      .string({ error: "review.reason is required: why this person needs the mailbox" })
      .trim()
      .min(1, {
        error: "review.reason must not be empty: say why this person needs the mailbox",
      }),
    owner: z.string({ error: "review.owner is required: who answers for this grant" }).trim().min(1, {
      error: "review.owner must not be empty: name who answers for this grant",
    }),
    reviewAfter: IsoDate,
    expiresAt: IsoDate.optional(),
  },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `unknown review field: ${issue.keys.join(", ")} (use reason, owner, reviewAfter, expiresAt)`
        : "review is { reason, owner, reviewAfter, expiresAt? }",
  },
);
export type Review = z.infer<typeof ReviewInput>;

/**
 * Someone known to hold access without being declared (a team, a colleague in transition), with
 * why and who answers for it: the permission report still lists it, but the drift gate passes it.
 */
export const AcknowledgedInput = z.strictObject(
  {
    who: z
      .string({ error: "acknowledged[].who is the address or team label the report shows" })
      .trim()
      .min(1, { error: "acknowledged[].who must not be empty" }),
    reason: z
      .string({ error: "acknowledged[].reason is required: why this access may stay undeclared" })
      .trim()
      .min(1, { error: "acknowledged[].reason must not be empty" }),
    owner: z
      .string({ error: "acknowledged[].owner is required: who answers for it" })
      .trim()
      .min(1, { error: "acknowledged[].owner must not be empty" }),
  },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `unknown acknowledged field: ${issue.keys.join(", ")} (use who, reason, owner)`
        : "each acknowledged entry is { who, reason, owner }",
  },
);

/** Whether an acknowledgement names an entry: by address, or by the label the report shows. */
export function acknowledges(who: string, entry: { email: string; label?: string | undefined }): boolean {
  const name = who.trim().toLowerCase();
  return name !== "" && (name === entry.email.toLowerCase() || name === (entry.label ?? "").toLowerCase());
}

/** Whether two stored reviews differ (either may be absent; the state does not keep key order). */
export function reviewChanged(a: unknown, b: unknown): boolean {
  const field = (review: unknown, key: keyof Review) =>
    typeof review === "object" && review !== null ? (review as Record<string, unknown>)[key] : undefined;
  return (["reason", "owner", "reviewAfter", "expiresAt"] as const).some(
    (key) => field(a, key) !== field(b, key),
  );
}
