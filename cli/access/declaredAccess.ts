import { jsonOrUndefined } from "../../provider/json";
import { readFileSync } from "node:fs";
import type { z } from "zod";
import { mailboxName } from "../../provider/fields/addresses";
import { emailKey } from "../../provider/people";
import { KINDS, kindOfType } from "../../provider/resourceKinds";
import { ResourceProps } from "../../provider/resourceProps";
import { scopeOfUrn, StackExport } from "../shared/resourceEnvelope";
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

/** What the comparison reads of a state's resource (inputs and outputs together): its mailbox at least. */
const DeclaredProps = ResourceProps.required({ mailHostingId: true, mailbox: true });

export class DeclarationsError extends Error {
  override readonly name = "DeclarationsError";
  readonly code = "unreadable_declarations";
}

function fromStackExport(exported: z.infer<typeof StackExport>, file: string): Declaration[] {
  return (exported.deployment.resources ?? []).flatMap((r) => {
    const kind = kindOfType(r.type);
    const role = kind && KINDS[kind].role;
    if (role !== "grant" && role !== "invitation") return [];
    const parsed = DeclaredProps.safeParse({ ...r.inputs, ...r.outputs });
    if (!parsed.success)
      throw new DeclarationsError(
        `${file}: ${r.urn} does not read as this provider's ${kind}: ${parsed.error.issues[0]?.message ?? ""}`,
      );
    const p = parsed.data;
    const { stack, project } = scopeOfUrn(r.urn);
    const userId = role === "grant" ? (p.userId ?? null) : (p.acceptedUserId ?? null);
    return [
      {
        mailHostingId: p.mailHostingId,
        mailbox: mailboxName(p.mailbox),
        who: p.userEmail ?? p.email ?? `user ${userId ?? "?"}`,
        userId,
        as: role,
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
  const json = jsonOrUndefined(text);
  const exported = StackExport.safeParse(json);
  return exported.success
    ? fromStackExport(exported.data, file)
    : fromSpec(loadOrganisationSpec(file), file, today);
}
