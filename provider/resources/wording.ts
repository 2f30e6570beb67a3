import { z } from "zod";

/**
 * Where a declaration was written: in a Pulumi program (resources and their inputs), or in an
 * organisation spec (its members, grants and invitations). Advice names what the user wrote.
 */
export const DeclaredIn = z.enum(["program", "spec"], {
  error: 'declaredIn is "program" or "spec" (set by the Organisation component)',
});
export type DeclaredIn = z.infer<typeof DeclaredIn>;

export interface Wording {
  /** How to give a member access. */
  grant: string;
  /** How to invite someone outside the organisation. */
  invitation: string;
  /** How to take over what exists. */
  adopt: string;
  /** Where the mail hosting is given. */
  mailHostingId: string;
}

const WORDINGS: Record<DeclaredIn, Wording> = {
  program: {
    grant: "MailboxAccess",
    invitation: "ExternalInvitation",
    adopt: "set `adopt: true` on the resource",
    mailHostingId: "mailHostingId",
  },
  spec: {
    grant: "a grant in the mailbox's grants (with the person in members)",
    invitation: "an entry in the mailbox's invitations",
    adopt: "set `adopt: true` on its entry in the spec",
    mailHostingId: "organisation.mailHostingId in the spec",
  },
};

export function wordingFor(declaredIn: DeclaredIn | undefined): Wording {
  return WORDINGS[declaredIn ?? "program"];
}
