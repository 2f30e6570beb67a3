import * as pulumi from "@pulumi/pulumi";
import { ExternalInvitation } from "./externalInvitation";
import { MailboxAccess } from "./mailboxAccess";
import { MailboxPolicy } from "./mailboxPolicy";
import { OrganisationUser } from "./organisationUser";
import type { Review } from "./permissions";
import {
  loadOrganisationSpec,
  OrganisationSpecError,
  validateOrganisationSpec,
} from "./organisationSpec/load";
import type {
  GrantSpec,
  HostingEntry,
  InvitationSpec,
  MailboxSpec,
  MemberSpec,
  OrganisationSpec,
  OrganisationSpecInput,
} from "./organisationSpec/schema";
import { hostingEntries } from "./organisationSpec/schema";
import type { Field } from "../provider/engine/fields";
import { mailboxName } from "../provider/fields/addresses";
import { emailKey } from "../provider/people";
import { programToday } from "./endDates";
import type { EndedEntry } from "./organisationSpec/endDates";
import { mailboxInForce } from "./organisationSpec/endDates";

export interface OrganisationArgs {
  /** The path of a spec file (YAML or JSON), or a spec built in code; either is validated. */
  spec: string | OrganisationSpecInput;
  /**
   * The day end dates (`expiresAt`) are counted against, `YYYY-MM-DD`: by default the stack's
   * `infomaniak:today`, else today (UTC). Set it for reproducible previews.
   */
  today?: string;
}

export type { EndedEntry } from "./organisationSpec/endDates";

/** The component's arguments and what it exposes, as its page documents them. */
export const organisationFields = {
  inputs: {
    spec: {
      description: "The path of a spec file (YAML or JSON), or a spec built in code; either is validated.",
    },
    today: {
      description:
        "The day end dates (`expiresAt`) are counted against, `YYYY-MM-DD`: by default the stack's `infomaniak:today`, else today (UTC). Set it for reproducible previews.",
    },
  },
  outputs: {
    members: { description: "An OrganisationUser per member, by address." },
    grants: {
      description:
        "A MailboxAccess per grant, by `mailbox/email` (the mailbox keyed as in resource names: `<hosting id>/<name>` after the first hosting).",
    },
    invitations: {
      description: "An ExternalInvitation per invitation, by `mailbox/email`, keyed as grants are.",
    },
    policies: { description: "A MailboxPolicy per mailbox that is not `additive`, keyed as grants are." },
    ended: {
      description: "Grants and invitations left out because their end date has passed (`onExpiry: revoke`).",
    },
  },
} as const satisfies {
  inputs: Record<keyof OrganisationArgs, Field>;
  outputs: Record<Exclude<keyof Organisation, keyof pulumi.ComponentResource>, Field>;
};

/**
 * Resource names: readable, and stable as long as the organisation's name, mailbox and address are.
 * `mailbox` is the mailbox's key: its name on the spec's first mail hosting (so the names of a
 * one-hosting spec never change when a second hosting is added), `<hosting id>/<name>` on the others.
 */
export const resourceNames = {
  member: (org: string, email: string) => `${org}/member/${emailKey(email)}`,
  grant: (org: string, mailbox: string, email: string) => `${org}/${mailbox}/grant/${emailKey(email)}`,
  invitation: (org: string, mailbox: string, email: string) =>
    `${org}/${mailbox}/invitation/${emailKey(email)}`,
  policy: (org: string, mailbox: string) => `${org}/${mailbox}/policy`,
};

/** A mailbox's key in resource names and in the component's records (see resourceNames). */
export function mailboxKeyIn(
  hosting: Pick<HostingEntry, "mailHostingId" | "primary">,
  mailbox: string,
): string {
  const name = mailboxName(mailbox);
  return hosting.primary ? name : `${hosting.mailHostingId}/${name}`;
}

/** A spec error stops the program with its message alone: the stack trace would only hide it. */
function stopOnSpecError(load: () => OrganisationSpec): OrganisationSpec {
  try {
    return load();
  } catch (error) {
    if (error instanceof OrganisationSpecError) throw new pulumi.RunError(error.message);
    throw error;
  }
}

function reviewOf(entry: GrantSpec | InvitationSpec): Review {
  return {
    reason: entry.reason,
    owner: entry.owner,
    reviewAfter: entry.reviewAfter,
    ...(entry.expiresAt ? { expiresAt: entry.expiresAt } : {}),
  };
}

/** The terms a spec's grant or invitation declares, as resource inputs. */
function termsOf(entry: GrantSpec | InvitationSpec) {
  return {
    ...(entry.preset ? { preset: entry.preset } : {}),
    ...(entry.permissions ? { permissions: entry.permissions } : {}),
    ...(entry.adopt !== undefined ? { adopt: entry.adopt } : {}),
    review: reviewOf(entry),
  };
}

/**
 * One client organisation's sharing, from a spec: an OrganisationUser per member, a MailboxAccess per
 * grant, an ExternalInvitation per invitation and, for mailboxes that are not `additive`, a
 * MailboxPolicy that runs after that mailbox's grants and invitations.
 */
export class Organisation extends pulumi.ComponentResource {
  readonly members: Record<string, OrganisationUser> = {};
  /** By `mailbox/email`, the mailbox keyed as in resource names (`<hosting id>/<name>` after the first hosting). */
  readonly grants: Record<string, MailboxAccess> = {};
  /** By `mailbox/email`, keyed as grants are. */
  readonly invitations: Record<string, ExternalInvitation> = {};
  /** By mailbox, keyed as grants are. */
  readonly policies: Record<string, MailboxPolicy> = {};
  /** Grants and invitations left out because their end date has passed (`onExpiry: revoke`). */
  readonly ended: EndedEntry[] = [];
  /** Members in `state: unmanaged`, by address. */
  private readonly unmanaged: Set<string>;

  constructor(args: OrganisationArgs, opts?: pulumi.ComponentResourceOptions) {
    const spec = stopOnSpecError(() =>
      typeof args.spec === "string" ? loadOrganisationSpec(args.spec) : validateOrganisationSpec(args.spec),
    );
    super("infomaniak:index:Organisation", spec.organisation.name, {}, opts);
    const today = programToday(args.today);
    const inState = (state: MemberSpec["state"]) =>
      new Set(spec.members.filter((m) => m.state === state).map((m) => emailKey(m.email)));
    const removed = inState("removed");
    this.unmanaged = inState("unmanaged");
    for (const member of spec.members.filter((m) => !removed.has(emailKey(m.email))))
      this.declareMember(spec.organisation, member);
    for (const hosting of hostingEntries(spec))
      for (const mailbox of hosting.mailboxes) {
        const current = spec.onExpiry === "report" ? mailbox : this.inForce(mailbox, today);
        // A removed member's grants are no longer declared: up revokes them.
        const grants = current.grants.filter((g) => !removed.has(emailKey(g.member)));
        this.declareMailbox(spec.organisation, hosting, { ...current, grants });
      }
    this.registerOutputs({});
  }

  /**
   * The resource options of what a member's entry declares: an `unmanaged` member's resources are kept
   * as they are with retainOnDelete, so that deleting the entry later changes nothing at Infomaniak.
   */
  private optionsFor(email: string): pulumi.CustomResourceOptions {
    return { parent: this, ...(this.unmanaged.has(emailKey(email)) ? { retainOnDelete: true } : {}) };
  }

  /** The mailbox without the grants and invitations whose end date has passed, each noted in `ended`. */
  private inForce(mailbox: MailboxSpec, today: string): MailboxSpec {
    const { inForce, ended } = mailboxInForce(mailbox, today);
    for (const entry of ended) {
      this.ended.push(entry);
      void pulumi.log.info(
        `${entry.who} on ${entry.mailbox}: expired on ${entry.expiresAt}, no longer declared (onExpiry: revoke), so up revokes it`,
        this,
      );
    }
    return inForce;
  }

  private declareMember(
    { name: org, accountId, tokenEnv }: OrganisationSpec["organisation"],
    member: MemberSpec,
  ): void {
    this.members[emailKey(member.email)] = new OrganisationUser(
      resourceNames.member(org, member.email),
      {
        accountId,
        email: member.email,
        firstName: member.firstName,
        lastName: member.lastName,
        ...(member.role ? { role: member.role } : {}),
        ...(member.locale ? { locale: member.locale } : {}),
        ...(member.adopt !== undefined ? { adopt: member.adopt } : {}),
        ...(tokenEnv ? { tokenEnv } : {}),
      },
      this.optionsFor(member.email),
    );
  }

  /** A mailbox's grants and invitations, and its policy unless it is additive. */
  private declareMailbox(
    organisation: OrganisationSpec["organisation"],
    hosting: HostingEntry,
    mailbox: MailboxSpec,
  ): void {
    const { name: org, accountId, tokenEnv } = organisation;
    const name = mailboxKeyIn(hosting, mailbox.name);
    // The name as written: an address is checked against the hosting's domain by the provider.
    const shared = {
      accountId,
      mailHostingId: hosting.mailHostingId,
      mailbox: mailbox.name,
      declaredIn: "spec" as const,
      ...(tokenEnv ? { tokenEnv } : {}),
    };
    const grants = mailbox.grants.map((grant) => {
      const member = this.members[emailKey(grant.member)];
      const access = new MailboxAccess(
        resourceNames.grant(org, name, grant.member),
        {
          ...shared,
          userEmail: grant.member,
          // Every grantee is in members: until they join (invited now, or adopted while their
          // invitation is pending), the grant rides on their invitation.
          carryOnInvitation: true,
          ...termsOf(grant),
        },
        { ...this.optionsFor(grant.member), ...(member ? { dependsOn: [member] } : {}) },
      );
      this.grants[`${name}/${emailKey(grant.member)}`] = access;
      return access;
    });
    const invitations = mailbox.invitations.map((invitation) => {
      const resource = new ExternalInvitation(
        resourceNames.invitation(org, name, invitation.email),
        {
          ...shared,
          email: invitation.email,
          ...(invitation.firstName !== undefined ? { firstName: invitation.firstName } : {}),
          ...(invitation.lastName !== undefined ? { lastName: invitation.lastName } : {}),
          ...(invitation.send !== undefined ? { send: invitation.send } : {}),
          ...(invitation.language ? { language: invitation.language } : {}),
          ...(invitation.onExpiry ? { onExpiry: invitation.onExpiry } : {}),
          ...termsOf(invitation),
        },
        { parent: this },
      );
      this.invitations[`${name}/${emailKey(invitation.email)}`] = resource;
      return resource;
    });
    if (mailbox.mode !== "additive")
      this.policies[name] = new MailboxPolicy(
        resourceNames.policy(org, name),
        { ...shared, mode: mailbox.mode, ...managedOn(mailbox, invitations) },
        { parent: this, dependsOn: [...grants, ...invitations] },
      );
  }
}

/** Whom a mailbox's policy manages: the spec's people, and its links by who accepted them and by key. */
function managedOn(mailbox: MailboxSpec, invitations: readonly ExternalInvitation[]) {
  return {
    managedEmails: [...mailbox.grants.map((g) => g.member), ...mailbox.invitations.map((i) => i.email)],
    // Whoever accepted a link may have signed in with another address.
    managedUserIds: invitations.map((i) => i.acceptedUserId),
    // A link not e-mailed (send: false) has no recipient: it is known by its key.
    managedLinkKeys: invitations.map((i) => i.key),
    acknowledged: mailbox.acknowledged ?? [],
  };
}
