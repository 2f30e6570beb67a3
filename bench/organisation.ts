import { ExternalInvitation, MailboxAccess } from "pulumi-infomaniak-mailbox";
import type { StateInput } from "../simulator";

export interface OrganisationSize {
  mailboxes: number;
  members: number;
  grants: number;
  invitations: number;
}

export const DEFAULT_SIZE: OrganisationSize = { mailboxes: 100, members: 300, grants: 1000, invitations: 50 };

export interface Grant {
  name: string;
  mailbox: string;
  userId: number;
  email: string;
  preset: "readOnly" | "delegate" | "manager" | "full";
}

export interface Invitation {
  name: string;
  mailbox: string;
  email: string;
}

export interface GeneratedOrganisation {
  seed: StateInput;
  token: string;
  accountId: number;
  mailHostingId: number;
  grants: Grant[];
  invitations: Invitation[];
}

const PRESETS = ["readOnly", "delegate", "manager", "full"] as const;

/**
 * A deterministic organisation of the given size: one account on the new access family, one mail
 * hosting, mailboxes, members, and the grants and pending invitations the benchmark declares
 * (spread evenly over the mailboxes; each member at most once per mailbox).
 */
export function generateOrganisation(size: OrganisationSize): GeneratedOrganisation {
  if (size.grants > size.mailboxes * size.members) throw new Error("more grants than mailbox × member pairs");
  const accountId = 1;
  const mailHostingId = 2;
  const token = "bench-token-0123456789";
  const memberId = (i: number) => 1000 + i;
  const mailbox = (i: number) => `box-${String(i).padStart(4, "0")}`;
  const seed: StateInput = {
    tokens: [{ token, scopes: ["accounts", "mail"], userId: memberId(0) }],
    users: Array.from({ length: size.members }, (_, i) => ({
      id: memberId(i),
      email: `member${i}@bench.example`,
      firstName: "Member",
      lastName: String(i),
    })),
    accounts: [{ id: accountId, name: "Bench SA", accessFamily: "webmail" }],
    memberships: Array.from({ length: size.members }, (_, i) => ({
      accountId,
      userId: memberId(i),
      role: i === 0 ? ("owner" as const) : ("normal" as const),
    })),
    mailHostings: [{ id: mailHostingId, accountId, customerName: "bench.example", domain: "bench.example" }],
    mailboxes: Array.from({ length: size.mailboxes }, (_, i) => ({ mailHostingId, name: mailbox(i) })),
  };
  const grants = Array.from({ length: size.grants }, (_, g): Grant => {
    const box = g % size.mailboxes;
    const member = (Math.floor(g / size.mailboxes) + box) % size.members;
    return {
      name: `grant-${g}`,
      mailbox: mailbox(box),
      userId: memberId(member),
      email: `member${member}@bench.example`,
      preset: PRESETS[g % PRESETS.length] ?? "readOnly",
    };
  });
  const invitations = Array.from({ length: size.invitations }, (_, i): Invitation => ({
    name: `guest-${i}`,
    mailbox: mailbox(i % size.mailboxes),
    email: `guest${i}@outside.example`,
  }));
  return { seed, token, accountId, mailHostingId, grants, invitations };
}

/** The program of a generated organisation: one MailboxAccess per grant, one link (not e-mailed) per invitation. */
export function declareOrganisation(org: GeneratedOrganisation, grants: Grant[] = org.grants): void {
  for (const g of grants) {
    new MailboxAccess(g.name, {
      mailHostingId: org.mailHostingId,
      mailbox: g.mailbox,
      userEmail: g.email,
      preset: g.preset,
    });
  }
  for (const i of org.invitations) {
    new ExternalInvitation(i.name, {
      mailHostingId: org.mailHostingId,
      mailbox: i.mailbox,
      email: i.email,
      send: false,
    });
  }
}
