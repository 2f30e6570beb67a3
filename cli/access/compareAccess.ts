import type { Declaration } from "./declaredAccess";
import type { HeldAccess, HeldAccessRead } from "./heldAccess";
import { mailboxKey } from "../../provider/fields/addresses";
import { emailKey } from "../../provider/people";

/**
 * How a held access stands against the declarations: `declared` (some stack or spec declares it),
 * `undeclared` (held, declared nowhere), or `not held` (declared, but pending, or changed outside the stacks).
 */
export const STANDINGS = ["declared", "undeclared", "not held"] as const;
export type Standing = (typeof STANDINGS)[number];

export interface AccessRow extends HeldAccess {
  standing?: Standing;
  declaration?: Declaration;
}

export interface ComparedAccess extends HeldAccessRead {
  entries: AccessRow[];
  /** Declarations on mail hostings that were not read (another token's organisation, say). */
  declaredElsewhere: number;
}

/** Whether a declaration on the held entry's mailbox is what it is: the same person, or link. */
function declares(d: Declaration, held: HeldAccess): boolean {
  if (held.kind === "pending link") return d.as === "invitation" && emailKey(d.who) === emailKey(held.who);
  if (held.kind !== "member" && held.kind !== "guest") return false;
  return emailKey(d.who) === emailKey(held.who) || (d.userId !== null && d.userId === held.userId);
}

/** Each held access marked against the declarations, and the declarations nothing holds added as rows. */
export function compareWithDeclarations(
  read: HeldAccessRead,
  declarations: readonly Declaration[],
): ComparedAccess {
  const used = new Set<Declaration>();
  // By mailbox: each held entry is compared with its mailbox's declarations only.
  const byMailbox = new Map<string, Declaration[]>();
  for (const d of declarations) {
    const key = mailboxKey(d.mailHostingId, d.mailbox);
    byMailbox.set(key, [...(byMailbox.get(key) ?? []), d]);
  }
  const entries: AccessRow[] = read.entries.map((held) => {
    const declaration = byMailbox
      .get(mailboxKey(held.mailHostingId, held.mailbox))
      ?.find((d) => declares(d, held));
    if (!declaration) return { ...held, standing: "undeclared" };
    used.add(declaration);
    return { ...held, standing: "declared", declaration };
  });
  const mailboxes = new Map(read.mailboxes.map((m) => [mailboxKey(m.mailHostingId, m.name), m]));
  let declaredElsewhere = 0;
  for (const d of declarations.filter((x) => !used.has(x))) {
    const mailbox = mailboxes.get(mailboxKey(d.mailHostingId, d.mailbox));
    if (!mailbox) {
      declaredElsewhere++;
      continue;
    }
    entries.push({
      organisation: mailbox.organisation,
      mailHostingId: d.mailHostingId,
      mailbox: mailbox.address,
      who: d.who,
      userId: d.userId,
      kind: d.as === "grant" ? "member" : "guest",
      rights: null,
      standing: "not held",
      declaration: d,
    });
  }
  return { ...read, entries, declaredElsewhere };
}
