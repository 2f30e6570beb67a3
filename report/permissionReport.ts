import { z } from "zod";
import type { Step, StepState } from "./previewSteps";
import { PreviewInputError } from "./previewSteps";

/**
 * What a preview means for people: per mailbox, who gains, loses or changes rights, with the grant's
 * reason and owner; plus grants due for review. Built from the engine's steps alone.
 */
export const FACT_KINDS = ["gains", "loses", "changes", "unmanaged", "drift"] as const;
export type FactKind = (typeof FACT_KINDS)[number];

export interface Fact {
  kind: FactKind;
  /** The mailbox's address when known, else `mailbox (mail hosting N)`. */
  mailbox: string;
  who: string;
  via: "grant" | "invitation" | "policy";
  /** Rights granted after the change (gains, changes), or before it (loses). */
  permissions: string[];
  added: string[];
  removed: string[];
  note: string;
  review?: Review;
  resource: string;
}

export interface Flag {
  mailbox: string;
  who: string;
  /** `review-due`: past reviewAfter; `expired`: past expiresAt. */
  flags: ("review-due" | "expired")[];
  review: Review;
  resource: string;
}

export interface PermissionReport {
  facts: Fact[];
  flags: Flag[];
  /** Creations that adopt what exists with the same rights: nobody gains anything. */
  adoptedUnchanged: number;
  summary: Record<FactKind, number>;
  /** Whether the preview would remove access (a CI gate). */
  removesAccess: boolean;
  /** Whether a refresh found drift, or a mailbox holds access nobody declared. */
  driftFound: boolean;
  /** Set when the report was built from part of a run (`--allow-incomplete`): why. */
  incomplete?: string;
}

const Review = z.object({
  reason: z.string(),
  owner: z.string(),
  reviewAfter: z.string(),
  expiresAt: z.string().optional(),
});
type Review = z.infer<typeof Review>;

const Permissions = z.record(z.string(), z.boolean());

/** The properties the report reads; everything else in a step is ignored. */
const Sharing = z.looseObject({
  mailHostingId: z.number().optional(),
  mailbox: z.string().optional(),
  address: z.string().optional(),
  userEmail: z.string().optional(),
  userId: z.number().nullable().optional(),
  email: z.string().optional(),
  permissions: Permissions.optional(),
  adopt: z.boolean().optional(),
  review: Review.optional(),
  existing: z.object({ permissions: Permissions.nullable() }).nullable().optional(),
  mode: z.enum(["authoritative", "report-only"]).optional(),
  unmanaged: z
    .array(
      z.object({
        kind: z.string(),
        email: z.string(),
        userId: z.number().nullable(),
        label: z.string().optional(),
        permissions: Permissions.nullable(),
      }),
    )
    .optional(),
});
type Sharing = z.infer<typeof Sharing>;

const KIND_OF_TYPE: Record<string, "grant" | "invitation" | "policy"> = {
  "infomaniak:MailboxAccess": "grant",
  "infomaniak:ExternalInvitation": "invitation",
  "infomaniak:MailboxPolicy": "policy",
};

function kindOf(type: string) {
  return Object.entries(KIND_OF_TYPE).find(([suffix]) => type.endsWith(suffix))?.[1];
}

/** The engine's placeholder for a value not known during preview. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * A step's view of the resource: the inputs, completed by outputs the engine already knows. A step
 * that cannot be read stops the report: leaving a resource out would misreport who has access.
 */
function view(step: Step, state: StepState | undefined): Sharing | undefined {
  if (!state) return undefined;
  const known = Object.entries({ ...state.outputs, ...state.inputs }).filter(([, v]) => v !== UNKNOWN);
  const parsed = Sharing.safeParse(Object.fromEntries(known));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PreviewInputError(
      `${step.urn}: ${issue?.path.join(".") ?? ""} ${issue?.message ?? ""}: not a resource of this provider's version?`,
    );
  }
  return parsed.data;
}

function granted(permissions: Record<string, boolean> | undefined): string[] {
  return Object.entries(permissions ?? {})
    .filter(([, on]) => on)
    .map(([name]) => name)
    .sort();
}

/** Steps name a mailbox by hosting and name; its address is known only once it was created. */
function mailboxOf(s: Sharing): string {
  return `${s.mailHostingId ?? "?"}/${s.mailbox ?? "?"}`;
}

/** A step of one of this provider's sharing resources, read once. */
interface SharingStep {
  step: Step;
  via: "grant" | "invitation" | "policy";
  before: Sharing | undefined;
  after: Sharing | undefined;
}

function sharingSteps(steps: readonly Step[]): SharingStep[] {
  return steps.flatMap((step) => {
    const via = kindOf(step.type);
    return via ? [{ step, via, before: view(step, step.old), after: view(step, step.new) }] : [];
  });
}

function addressesOf(steps: readonly SharingStep[]): Map<string, string> {
  const addresses = new Map<string, string>();
  for (const { before, after } of steps) {
    for (const s of [before, after]) {
      if (s?.address) addresses.set(mailboxOf(s), s.address);
    }
  }
  return addresses;
}

function whoOf(s: Sharing): string {
  return s.userEmail ?? s.email ?? (s.userId !== undefined ? `user ${s.userId}` : "?");
}

function nameOf(urn: string): string {
  return urn.split("::").pop() ?? urn;
}

/** Dates are `YYYY-MM-DD`: text order is date order. */
function isPast(date: string, today: string): boolean {
  return date < today;
}

export function buildPermissionReport(steps: readonly Step[], today: string): PermissionReport {
  const facts: Fact[] = [];
  const flags: Flag[] = [];
  let adoptedUnchanged = 0;
  const fact = (
    f: Omit<Fact, "added" | "removed" | "note"> & Partial<Pick<Fact, "added" | "removed" | "note">>,
  ) => facts.push({ added: [], removed: [], note: "", ...f });

  const read = sharingSteps(steps);
  for (const { step, via, before, after } of read) {
    const resource = nameOf(step.urn);

    if (via === "policy") {
      const policy = after ?? before;
      if (!policy?.unmanaged || step.op === "delete") continue;
      for (const u of policy.unmanaged) {
        // A team or an item of unknown kind is never revoked: it stays, whatever the mode.
        const kept = u.kind === "team" || u.kind === "unknown";
        const revoked = policy.mode === "authoritative" && !kept;
        fact({
          kind: revoked ? "loses" : "unmanaged",
          mailbox: mailboxOf(policy),
          who: u.label || u.email || `user ${u.userId ?? "?"}`,
          via: "policy",
          permissions: granted(u.permissions ?? undefined),
          note: kept
            ? `not declared: ${u.kind === "team" ? "a team" : "an item of a kind this provider does not know"}, shown and left as it is in every mode`
            : revoked
              ? `not declared on an authoritative mailbox: revoked (${u.kind})`
              : `not declared: authoritative mode would revoke it (${u.kind})`,
          resource,
        });
      }
      continue;
    }

    const current = after ?? before;
    if (current?.review && step.op !== "delete") {
      const due: Flag["flags"] = [];
      if (isPast(current.review.reviewAfter, today)) due.push("review-due");
      if (current.review.expiresAt && isPast(current.review.expiresAt, today)) due.push("expired");
      if (due.length > 0)
        flags.push({
          mailbox: mailboxOf(current),
          who: whoOf(current),
          flags: due,
          review: current.review,
          resource,
        });
    }

    const common = (s: Sharing) => ({
      mailbox: mailboxOf(s),
      who: whoOf(s),
      via,
      resource,
      ...(s.review ? { review: s.review } : {}),
    });
    if (step.op === "refresh") {
      if (!step.drift || !before) continue;
      const lost = step.drift === "delete";
      const change = diffRights(before.permissions, after?.permissions);
      // Only rights count as drift here (an invitation being accepted is not).
      if (!lost && change.added.length + change.removed.length === 0) continue;
      fact({
        kind: "drift",
        ...common(before),
        permissions: granted((lost ? before : (after ?? before)).permissions),
        ...(lost ? {} : change),
        note: lost
          ? "removed outside this stack: the next up restores it"
          : "rights changed outside this stack",
      });
    } else if (step.op === "create" && after) {
      if (after.adopt && after.existing?.permissions === null) {
        fact({
          kind: "changes",
          ...common(after),
          permissions: granted(after.permissions),
          note: "adopted: Infomaniak did not show the rights held, so the declared ones are set",
        });
      } else if (after.adopt && after.existing) {
        const change = diffRights(after.existing.permissions ?? undefined, after.permissions);
        if (change.added.length + change.removed.length === 0) adoptedUnchanged++;
        else
          fact({
            kind: "changes",
            ...common(after),
            permissions: granted(after.permissions),
            ...change,
            note: "adopted",
          });
      } else {
        fact({
          kind: "gains",
          ...common(after),
          permissions: granted(after.permissions),
          note: via === "invitation" ? "invited by link" : "",
        });
      }
    } else if (step.op === "delete" && before) {
      fact({ kind: "loses", ...common(before), permissions: granted(before.permissions), note: "" });
    } else if ((step.op === "update" || step.op === "replace") && before && after) {
      const moved = mailboxOf(before) !== mailboxOf(after) || whoOf(before) !== whoOf(after);
      if (moved) {
        fact({ kind: "loses", ...common(before), permissions: granted(before.permissions), note: "moved" });
        fact({ kind: "gains", ...common(after), permissions: granted(after.permissions), note: "moved" });
        continue;
      }
      const change = diffRights(before.permissions, after.permissions);
      if (change.added.length + change.removed.length > 0)
        fact({
          kind: "changes",
          ...common(after),
          permissions: granted(after.permissions),
          ...change,
          note: step.op === "replace" ? "a new invitation link replaces the old one" : "",
        });
    }
  }

  const addresses = addressesOf(read);
  const label = (key: string) => {
    const [hosting, name] = key.split("/");
    return addresses.get(key) ?? `${name ?? "?"} (mail hosting ${hosting ?? "?"})`;
  };
  for (const item of [...facts, ...flags]) item.mailbox = label(item.mailbox);
  // A grant removed from an authoritative mailbox is also undeclared there: one fact, the grant's.
  const unique = facts.filter(
    (f, i) =>
      f.via !== "policy" ||
      !facts.some((g, j) => j !== i && g.via !== "policy" && g.mailbox === f.mailbox && g.who === f.who),
  );
  const order = (f: Fact) => `${f.mailbox}\u0000${FACT_KINDS.indexOf(f.kind)}\u0000${f.who}`;
  unique.sort((a, b) => order(a).localeCompare(order(b)));
  const summary = Object.fromEntries(
    FACT_KINDS.map((k) => [k, unique.filter((f) => f.kind === k).length]),
  ) as Record<FactKind, number>;
  return {
    facts: unique,
    flags: flags.sort((a, b) => `${a.mailbox} ${a.who}`.localeCompare(`${b.mailbox} ${b.who}`)),
    adoptedUnchanged,
    summary,
    removesAccess: summary.loses > 0,
    driftFound: summary.drift > 0 || summary.unmanaged > 0,
  };
}

function diffRights(
  before: Record<string, boolean> | undefined,
  after: Record<string, boolean> | undefined,
): { added: string[]; removed: string[] } {
  const was = new Set(granted(before));
  const now = new Set(granted(after));
  return { added: [...now].filter((p) => !was.has(p)), removed: [...was].filter((p) => !now.has(p)) };
}
