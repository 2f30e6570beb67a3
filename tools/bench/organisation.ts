import type { RunningSimulator, StateInput } from "../../simulator";
import { SimulatorAdmin, startSimulator } from "../../simulator";
import type { Declaration, Grant, Invitation } from "./declaration";
import { PRESETS } from "./declaration";

export interface OrganisationSize {
  mailboxes: number;
  members: number;
  grants: number;
  invitations: number;
}

export const DEFAULT_SIZE: OrganisationSize = { mailboxes: 100, members: 300, grants: 1000, invitations: 50 };

export interface GeneratedOrganisation {
  seed: StateInput;
  token: string;
  accountId: number;
  mailHostingId: number;
  grants: Grant[];
  invitations: Invitation[];
}

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

/**
 * The declaration of a generated organisation, or of the part of it given: one MailboxAccess per
 * grant, one link per invitation.
 */
export function organisationDeclaration(
  org: GeneratedOrganisation,
  grants: Grant[] = org.grants,
  invitations: Invitation[] = org.invitations,
): Declaration {
  return { kind: "organisation", mailHostingId: org.mailHostingId, grants, invitations };
}

/** A simulator seeded with the organisation, without a rate limit, and its admin client. */
export async function simulatorOf(
  org: GeneratedOrganisation,
): Promise<{ sim: RunningSimulator; admin: SimulatorAdmin }> {
  const sim = await startSimulator({ seed: org.seed, rateLimit: { perWindow: 0 } });
  return { sim, admin: new SimulatorAdmin(sim.url) };
}
