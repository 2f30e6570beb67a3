import { z } from "zod";
import { InvitationLanguage } from "../../provider/api/schemas";
import { EmailInput, MailboxInput, mailboxName } from "../../provider/fields/addresses";
import { AccountId, MailHostingId } from "../../provider/fields/ids";
import { PresetInput, permissionsInput } from "../../provider/permissions";
import { POLICY_MODES } from "../../provider/fields/policyMode";
import { AcknowledgedInput, reviewFields } from "../../provider/fields/review";
import { OnExpiry } from "../../provider/resources/externalInvitation/schema";
import { PersonFields } from "../../provider/resources/organisationUser/schema";
import { TokenEnv } from "../../provider/fields/tokenEnv";
import { emailKey } from "../../provider/people";

/** Unknown keys are refused with the list of known ones: a typo must not silently drop a setting. */
function strict<T extends z.ZodRawShape>(what: string, shape: T) {
  const known = Object.keys(shape).join(", ");
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `unknown ${what} field ${issue.keys.map((k) => `"${k}"`).join(", ")}: use ${known}`
        : `${what} must be a mapping of ${known}`,
  });
}

function list<T extends z.ZodType>(what: string, item: T) {
  return z.array(item, { error: `${what} must be a list` }).default([]);
}

const Permissions = permissionsInput("permissions must be a mapping of permission names to true or false");

const access = {
  preset: PresetInput.optional(),
  permissions: Permissions.optional(),
  /** Take over what already exists for this person on the mailbox (export sets it). */
  adopt: z.boolean({ error: "adopt is true or false" }).optional(),
  ...reviewFields(""),
};

export const GrantSpec = strict("grant", {
  /** The member's address: one of `members`. */
  member: EmailInput,
  ...access,
});
export type GrantSpec = z.infer<typeof GrantSpec>;

export const InvitationSpec = strict("invitation", {
  email: EmailInput,
  firstName: z.string({ error: "firstName is text" }).max(100).optional(),
  lastName: z.string({ error: "lastName is text" }).max(100).optional(),
  send: z.boolean({ error: "send is true (e-mail the link) or false (only create it)" }).optional(),
  language: InvitationLanguage.optional(),
  onExpiry: OnExpiry.optional(),
  ...access,
});
export type InvitationSpec = z.infer<typeof InvitationSpec>;

export const MAILBOX_MODES = ["additive", ...POLICY_MODES] as const;

export const MailboxSpec = strict("mailbox", {
  /** The mailbox's name (`support`) or address. */
  name: MailboxInput,
  /**
   * `additive` (default): only what is declared is managed. `authoritative`: any other access or pending
   * link on the mailbox is revoked. `report-only`: those are listed in preview, not revoked.
   */
  mode: z
    .enum(MAILBOX_MODES, {
      error: `mode is one of ${MAILBOX_MODES.join(", ")} (report-only shows what authoritative would revoke)`,
    })
    .default("additive"),
  grants: list("grants", GrantSpec),
  invitations: list("invitations", InvitationSpec),
  /** Undeclared access the drift gate lets pass (report-only mailboxes, or teams anywhere). */
  acknowledged: z.array(AcknowledgedInput, { error: "acknowledged must be a list" }).optional(),
});
export type MailboxSpec = z.infer<typeof MailboxSpec>;

/**
 * A member's standing in the spec: `active` (the default: managed); `removed` (offboarded: their grants
 * are no longer declared, so up revokes them, and the stack stops managing their membership, which
 * only the Manager can end); `unmanaged` (left as they are: their member and grants stay declared as
 * they were, with retainOnDelete, so that deleting the entry later touches nothing at Infomaniak).
 */
export const MEMBER_STATES = ["active", "removed", "unmanaged"] as const;

export const MemberSpec = strict("member", {
  ...PersonFields,
  state: z
    .enum(MEMBER_STATES, {
      error:
        'state is "active" (managed), "removed" (their grants revoked, membership left to the Manager) or "unmanaged" (left as they are)',
    })
    .optional(),
});
export type MemberSpec = z.infer<typeof MemberSpec>;

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** One of the organisation's further mail hostings and the sharing of its mailboxes. */
export const MailHostingSpec = strict("mail hosting", {
  mailHostingId: MailHostingId,
  mailboxes: list("mailboxes", MailboxSpec),
});
export type MailHostingSpec = z.infer<typeof MailHostingSpec>;

/**
 * What a grant or invitation past its `expiresAt` becomes: no longer declared (`revoke`, so the preview
 * shows its removal and `up` revokes it), or still declared and only flagged (`report`).
 */
export const ON_END_DATE = ["revoke", "report"] as const;

const SpecShape = strict("spec", {
  organisation: strict("organisation", {
    /** Prefixes every resource name: unique per stack, stable (renaming it replaces every resource). */
    name: z
      .string({ error: "organisation.name is required: a short slug such as acme" })
      .regex(SLUG, { error: "name must be a slug: lowercase letters, digits and -, such as acme" }),
    accountId: AccountId,
    /** The mail hosting of the top-level `mailboxes`. */
    mailHostingId: MailHostingId,
    /**
     * The environment variable that holds this organisation's API token (one pipeline, clients in
     * separate Infomaniak accounts); by default INFOMANIAK_TOKEN or `infomaniak:token`.
     */
    tokenEnv: TokenEnv.optional(),
  }),
  /** For grants and invitations past their expiresAt (an invitation's own onExpiry is about its link). */
  onExpiry: z
    .enum(ON_END_DATE, {
      error:
        'onExpiry is "revoke" (a grant or invitation past its expiresAt is no longer declared: up revokes it) or "report" (it stays, and the report flags it)',
    })
    // Left out means revoke; optional rather than defaulted, so that specs typed in code need not name it.
    .optional(),
  members: list("members", MemberSpec),
  mailboxes: list("mailboxes", MailboxSpec),
  /** The organisation's other mail hostings (other domains), sharing with the same members. */
  mailHostings: list("mailHostings", MailHostingSpec),
});

type Path = (string | number)[];

/** Adds an issue when `key` was seen already. */
function noDuplicate(ctx: z.RefinementCtx, seen: Set<unknown>, key: unknown, path: Path, message: string) {
  if (seen.has(key)) ctx.addIssue({ code: "custom", path, message });
  seen.add(key);
}

/** One hosting's mailboxes: each listed once, each person once per mailbox, grants to members only. */
function checkMailboxes(ctx: z.RefinementCtx, mailboxes: MailboxSpec[], at: Path, members: Set<string>) {
  const names = new Set<string>();
  mailboxes.forEach((mailbox, i) => {
    const name = mailboxName(mailbox.name);
    noDuplicate(ctx, names, name, [...at, i, "name"], `mailbox "${name}" is listed twice: merge the entries`);
    if (mailbox.mode === "additive" && mailbox.acknowledged !== undefined)
      ctx.addIssue({
        code: "custom",
        path: [...at, i, "acknowledged"],
        message: `"${name}" is additive: it lists no undeclared access, so there is nothing to acknowledge. Use mode report-only (or authoritative), or remove acknowledged`,
      });
    const people = new Set<string>();
    mailbox.grants.forEach((grant, j) => {
      const path = [...at, i, "grants", j, "member"];
      const email = emailKey(grant.member);
      if (!members.has(email))
        ctx.addIssue({
          code: "custom",
          path,
          message: `${grant.member} is not in members: add them there (with adopt: true if they are already in the organisation)`,
        });
      noDuplicate(
        ctx,
        people,
        email,
        path,
        `${grant.member} has two grants on "${name}": merge them into one`,
      );
    });
    mailbox.invitations.forEach((invitation, j) => {
      const path = [...at, i, "invitations", j, "email"];
      const email = emailKey(invitation.email);
      if (members.has(email))
        ctx.addIssue({
          code: "custom",
          path,
          message: `${invitation.email} is a member: give them a grant instead of an invitation link`,
        });
      noDuplicate(ctx, people, email, path, `${invitation.email} appears twice on "${name}": keep one entry`);
    });
  });
}

type SpecShape = z.infer<typeof SpecShape>;

/** Every mail hosting a spec declares sharing on, the first being `organisation.mailHostingId`. */
export interface HostingEntry {
  mailHostingId: number;
  mailboxes: MailboxSpec[];
  /** Where its mailboxes are in the spec, for messages and edits. */
  path: Path;
  /** The first hosting's resource names have no hosting part (the names of one-hosting specs). */
  primary: boolean;
}

export function hostingEntries(
  spec: Pick<SpecShape, "organisation" | "mailboxes" | "mailHostings">,
): HostingEntry[] {
  return [
    {
      mailHostingId: spec.organisation.mailHostingId,
      mailboxes: spec.mailboxes,
      path: ["mailboxes"],
      primary: true,
    },
    ...spec.mailHostings.map((h, i) => ({
      mailHostingId: h.mailHostingId,
      mailboxes: h.mailboxes,
      path: ["mailHostings", i, "mailboxes"],
      primary: false,
    })),
  ];
}

export const OrganisationSpec = SpecShape.superRefine((spec, ctx) => {
  const members = new Set<string>();
  spec.members.forEach((m, i) =>
    noDuplicate(
      ctx,
      members,
      emailKey(m.email),
      ["members", i, "email"],
      `${m.email} is listed twice: keep one entry`,
    ),
  );
  const hostings = new Set<number>();
  for (const { mailHostingId, mailboxes, path } of hostingEntries(spec)) {
    const idPath =
      path.length === 1 ? ["organisation", "mailHostingId"] : [...path.slice(0, -1), "mailHostingId"];
    noDuplicate(
      ctx,
      hostings,
      mailHostingId,
      idPath,
      `mail hosting ${mailHostingId} is listed twice: keep one entry with all its mailboxes`,
    );
    checkMailboxes(ctx, mailboxes, path, members);
  }
});
export type OrganisationSpec = z.infer<typeof OrganisationSpec>;
/** As written: defaults (mode, empty lists) may be left out. */
export type OrganisationSpecInput = z.input<typeof OrganisationSpec>;
