import { readFileSync } from "node:fs";
import { z } from "zod";
import { mailboxName } from "../../provider/fields/addresses";
import { StoredReview } from "../../provider/fields/review";
import { emailKey } from "../../provider/people";
import { kindOfType } from "../../provider/resourceKinds";
import { loadOrganisationSpec } from "../../sdk/organisationSpec/load";
import { mailboxInForce } from "../../sdk/organisationSpec/endDates";
import type { MailboxSpec, OrganisationSpec } from "../../sdk/organisationSpec/schema";
import { hostingEntries } from "../../sdk/organisationSpec/schema";

/** A grant or invitation some stack or spec file declares, with why and until when. */
export interface Declaration {
  mailHostingId: number;
  /** The mailbox's name (its address's local part). */
  mailbox: string;
  /** The member's or guest's address; `user N` where a state names only the user id. */
  who: string;
  userId: number | null;
  as: "grant" | "invitation";
  reason: string;
  owner: string;
  reviewAfter: string;
  expiresAt: string;
  /** `stack acme of infomaniak-organisations`, or the spec file's path. */
  declaredIn: string;
}

/** What the comparison reads of a state's resource (inputs and outputs together); anything else is ignored. */
const DeclaredProps = z.looseObject({
  mailHostingId: z.number(),
  mailbox: z.string(),
  userEmail: z.string().optional(),
  userId: z.number().nullable().optional(),
  email: z.string().optional(),
  acceptedUserId: z.number().nullable().optional(),
  review: StoredReview.optional(),
});

/** `pulumi stack export`: its resources (secrets stay encrypted: nothing here reads them). */
const StackExport = z.looseObject({
  deployment: z.looseObject({
    resources: z
      .array(
        z.looseObject({
          urn: z.string(),
          type: z.string(),
          inputs: z.record(z.string(), z.unknown()).nullish(),
          outputs: z.record(z.string(), z.unknown()).nullish(),
        }),
      )
      .nullish(),
  }),
});

export class DeclarationsError extends Error {
  override readonly name = "DeclarationsError";
  readonly code = "unreadable_declarations";
}

function fromStackExport(exported: z.infer<typeof StackExport>, file: string): Declaration[] {
  return (exported.deployment.resources ?? []).flatMap((r) => {
    const kind = kindOfType(r.type);
    if (kind !== "mailboxAccess" && kind !== "externalInvitation") return [];
    const parsed = DeclaredProps.safeParse({ ...r.inputs, ...r.outputs });
    if (!parsed.success)
      throw new DeclarationsError(
        `${file}: ${r.urn} does not read as this provider's ${kind}: ${parsed.error.issues[0]?.message ?? ""}`,
      );
    const p = parsed.data;
    const [stack, project] = r.urn.replace(/^urn:pulumi:/, "").split("::");
    const userId = kind === "mailboxAccess" ? (p.userId ?? null) : (p.acceptedUserId ?? null);
    return [
      {
        mailHostingId: p.mailHostingId,
        mailbox: mailboxName(p.mailbox),
        who: p.userEmail ?? p.email ?? `user ${userId ?? "?"}`,
        userId,
        as: kind === "mailboxAccess" ? ("grant" as const) : ("invitation" as const),
        reason: p.review?.reason ?? "",
        owner: p.review?.owner ?? "",
        reviewAfter: p.review?.reviewAfter ?? "",
        expiresAt: p.review?.expiresAt ?? "",
        declaredIn: `stack ${stack ?? "?"} of ${project ?? "?"}`,
      },
    ];
  });
}

/**
 * A spec's grants and invitations as its Organisation declares them on `today`: not those past their
 * end date, nor the grants of members in `state: removed`.
 */
function fromSpec(spec: OrganisationSpec, file: string, today: string): Declaration[] {
  const removed = new Set(spec.members.filter((m) => m.state === "removed").map((m) => emailKey(m.email)));
  return hostingEntries(spec).flatMap(({ mailHostingId, mailboxes }) =>
    mailboxes.flatMap((declared) => declaredOn(mailHostingId, declared)),
  );

  function declaredOn(mailHostingId: number, declared: MailboxSpec): Declaration[] {
    const mailbox = spec.onExpiry === "report" ? declared : mailboxInForce(declared, today).inForce;
    const name = mailboxName(mailbox.name);
    const common = (entry: {
      reason: string;
      owner: string;
      reviewAfter: string;
      expiresAt?: string | undefined;
    }) => ({
      mailHostingId,
      mailbox: name,
      userId: null,
      reason: entry.reason,
      owner: entry.owner,
      reviewAfter: entry.reviewAfter,
      expiresAt: entry.expiresAt ?? "",
      declaredIn: file,
    });
    return [
      ...mailbox.grants
        .filter((g) => !removed.has(emailKey(g.member)))
        .map((g) => ({ ...common(g), who: g.member, as: "grant" as const })),
      ...mailbox.invitations.map((i) => ({ ...common(i), who: i.email, as: "invitation" as const })),
    ];
  }
}

/** The declarations of a `pulumi stack export` file or of a spec file (YAML or JSON), told apart by their content. */
export function readDeclarations(file: string, today: string): Declaration[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new DeclarationsError(
      `${file} cannot be read (${error instanceof Error ? error.message : String(error)}): check the path`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const exported = StackExport.safeParse(json);
  return exported.success
    ? fromStackExport(exported.data, file)
    : fromSpec(loadOrganisationSpec(file), file, today);
}
