import type { z } from "zod";
import type { PermissionName } from "../../permissions";
import { Acknowledged } from "../schemas";
import type { InvitationLanguage } from "../schemas";
import type { ApiPath, Transport } from "../transport";
import type { PendingLink, MailboxRef, NewLink, PermissionSet } from "./accessFamily";
import { completePermissions, pendingLink } from "./accessFamily";

/** A pending link as a family's create route answers it. */
type RawLink = Parameters<typeof pendingLink>[1];

/** Where a family's writes go and what they carry: the only part of them the two families do not share. */
export interface FamilyRoutes<Raw extends RawLink> {
  /** The family's permission vocabulary: write bodies carry each of its names. */
  names: readonly PermissionName[];
  /** A member's access: PATCHed to change its rights, DELETEd to revoke it. */
  userPath(m: MailboxRef, userId: number): ApiPath;
  patchBody: z.ZodType;
  /** Creates a pending link (not e-mailed yet): its route, its body, its answer. */
  createPath(m: MailboxRef): ApiPath;
  createBody(permissions: Record<string, boolean>, names: { firstname?: string; lastname?: string }): unknown;
  createdLink: z.ZodType<Raw>;
  /** E-mails a pending link. */
  send(
    m: MailboxRef,
    key: string,
    email: string,
    language: InvitationLanguage,
  ): Omit<Writes, "response" | "kind">;
}

type Writes = Parameters<Transport["call"]>[0];

/** The writes both families make, on their own routes. */
export abstract class FamilyWrites<Raw extends RawLink> {
  protected constructor(
    protected readonly transport: Transport,
    private readonly routes: FamilyRoutes<Raw>,
  ) {}

  protected complete(permissions: PermissionSet): Record<string, boolean> {
    return completePermissions(this.routes.names, permissions);
  }

  protected entry(raw: Raw): PendingLink {
    return pendingLink(this.routes.names, raw);
  }

  async update(m: MailboxRef, userId: number, permissions: PermissionSet): Promise<void> {
    await this.transport.call({
      method: "PATCH",
      path: this.routes.userPath(m, userId),
      body: this.routes.patchBody.parse({ permissions: this.complete(permissions) }),
      response: Acknowledged,
      kind: "idempotent",
    });
  }

  async revoke(m: MailboxRef, userId: number): Promise<void> {
    await this.transport.call({
      method: "DELETE",
      path: this.routes.userPath(m, userId),
      response: Acknowledged,
      kind: "idempotent",
    });
  }

  async createLink(m: MailboxRef, invitation: NewLink): Promise<PendingLink> {
    const answer = await this.transport.call({
      method: "POST",
      path: this.routes.createPath(m),
      body: this.routes.createBody(this.complete(invitation.permissions), {
        ...(invitation.firstName ? { firstname: invitation.firstName } : {}),
        ...(invitation.lastName ? { lastname: invitation.lastName } : {}),
      }),
      response: this.routes.createdLink,
      kind: "create",
    });
    return this.entry(answer.data);
  }

  async sendLink(m: MailboxRef, key: string, email: string, language: InvitationLanguage): Promise<void> {
    await this.transport.call({
      ...this.routes.send(m, key, email, language),
      response: Acknowledged,
      kind: "create",
    });
  }
}
