import type {
  AccessFamilyAdapter,
  PendingLink,
  MailboxRef,
  MailboxSharing,
  NewLink,
  PermissionSet,
} from "./accessFamilies/accessFamily";
import { samePermissions } from "./accessFamilies/accessFamily";
import { LegacyFamily } from "./accessFamilies/legacyFamily";
import { PendingLinks } from "./accessFamilies/pendingLinks";
import { WebmailFamily } from "./accessFamilies/webmailFamily";
import { createVerified } from "./createVerified";
import { InfomaniakApiError } from "./errors";
import type { AccessFamily } from "../permissions";
import { ReadCache } from "./readCache";
import type { InvitationLanguage } from "./schemas";
import type { ClientSettings } from "./settings";
import type { Transport } from "./transport";

function isNotImplemented(error: unknown): boolean {
  return error instanceof InfomaniakApiError && error.status === 501;
}

/**
 * Who may open which mailbox, whatever the account's access family: the family is detected from the
 * API's 501 on the first listing of each mail hosting (a hosting belongs to one account) and kept for
 * the process. Listings are cached per mailbox (single-flight) and dropped on every write to it.
 */
export class MailboxAccessApi {
  /** Each mail hosting's family, detected once (a failed detection is tried again). */
  private readonly families = new ReadCache();
  /** The last link creation queued on each mailbox (see createLink). */
  private readonly creating = new Map<string, Promise<void>>();
  /** The listing made while detecting a family, served once to the first reader of that mailbox. */
  private readonly probed = new Map<string, MailboxSharing>();
  /** Listings as first read, never invalidated (see sharingAsFirstSeen). */
  private readonly firstSeen = new ReadCache();
  private readonly adapters: Record<AccessFamily, AccessFamilyAdapter>;
  private readonly links: PendingLinks;

  constructor(
    transport: Transport,
    private readonly cache: ReadCache,
    private readonly settings: ClientSettings,
  ) {
    this.adapters = { webmail: new WebmailFamily(transport), legacy: new LegacyFamily(transport) };
    this.links = new PendingLinks(transport);
  }

  /** The access family of the mail hosting's account. */
  async family(mailHostingId: number, probe: MailboxRef): Promise<AccessFamily> {
    return (await this.adapter(mailHostingId, probe)).family;
  }

  /** Users with access and pending invitations of one mailbox (cached until a write to it). */
  sharing(mailbox: MailboxRef): Promise<MailboxSharing> {
    const key = this.key(mailbox);
    return this.cache.get(key, async () => {
      const adapter = await this.adapter(mailbox.mailHostingId, mailbox);
      const probed = this.probed.get(key);
      this.probed.delete(key);
      return probed ?? adapter.list(mailbox);
    });
  }

  /**
   * The first listing this process read of the mailbox, never dropped by writes: who held what before
   * this run changed anything (what `check` asks about people it has not created yet).
   */
  sharingAsFirstSeen(mailbox: MailboxRef): Promise<MailboxSharing> {
    return this.firstSeen.get(this.key(mailbox), () => this.sharing(mailbox));
  }

  /** The uncached listing, for checks after a failure or a lagging read. */
  freshSharing(mailbox: MailboxRef): Promise<MailboxSharing> {
    this.invalidate(mailbox);
    return this.sharing(mailbox);
  }

  private invalidate(mailbox: MailboxRef): void {
    this.cache.invalidate(this.key(mailbox));
    this.probed.delete(this.key(mailbox));
  }

  /**
   * Gives an organisation member access: at once on the webmail family; on the legacy family, which
   * has no grant route, by an invitation bound to the member's address, pending until they accept.
   * Each request is verified on its own, so a lost answer neither repeats nor skips a step.
   */
  async grant(
    mailbox: MailboxRef,
    member: { userId: number; email: string; firstName: string; lastName: string },
    permissions: PermissionSet,
    language: InvitationLanguage,
  ): Promise<{ granted: true } | { granted: false; invitation: PendingLink }> {
    const adapter = await this.adapter(mailbox.mailHostingId, mailbox);
    if (!adapter.grantsDirectly) {
      const invitation = await this.createLink(mailbox, {
        permissions,
        firstName: member.firstName,
        lastName: member.lastName,
      });
      await this.sendLink(mailbox, invitation.key, member.email, language);
      return { granted: false, invitation: { ...invitation, sentTo: member.email } };
    }
    try {
      await createVerified({
        attempt: () => adapter.grant(mailbox, member.userId, permissions).then(() => true),
        findCreated: async () =>
          (await this.freshSharing(mailbox)).accesses.some((a) => a.userId === member.userId)
            ? true
            : undefined,
        showsEarlierSuccess: (e) => e.code === "user_already_has_access_to_mailbox",
        maxAttempts: this.settings.maxAttempts,
        backoffBaseMs: this.settings.backoffBaseMs,
      });
      return { granted: true };
    } finally {
      this.invalidate(mailbox);
    }
  }

  async update(mailbox: MailboxRef, userId: number, permissions: PermissionSet): Promise<void> {
    await this.write(mailbox, (adapter) => adapter.update(mailbox, userId, permissions));
  }

  /** Revokes access; an access that is already gone counts as revoked. */
  async revoke(mailbox: MailboxRef, userId: number): Promise<void> {
    await this.write(mailbox, async (adapter) => {
      try {
        await adapter.revoke(mailbox, userId);
      } catch (error) {
        if (error instanceof InfomaniakApiError && error.isNotFound()) return;
        throw error;
      }
    });
  }

  /**
   * Creates an invitation link, never two: a repeat first looks for the link the failed try made (a
   * key that was not there before, with the same permissions). Creations on one mailbox take turns,
   * so that "new since before" can only be this creation's link.
   */
  createLink(mailbox: MailboxRef, invitation: NewLink): Promise<PendingLink> {
    const key = this.key(mailbox);
    const turn = (this.creating.get(key) ?? Promise.resolve()).then(async () => {
      const adapter = await this.adapter(mailbox.mailHostingId, mailbox);
      const before = await this.freshSharing(mailbox);
      try {
        return await createVerified({
          attempt: () => adapter.createLink(mailbox, invitation),
          findCreated: async () =>
            this.newInvitation(before, await this.freshSharing(mailbox), invitation.permissions),
          maxAttempts: this.settings.maxAttempts,
          backoffBaseMs: this.settings.backoffBaseMs,
        });
      } finally {
        this.invalidate(mailbox);
      }
    });
    this.creating.set(
      key,
      turn.then(
        () => undefined,
        () => undefined,
      ),
    );
    return turn;
  }

  /** E-mails the link. A repeat after a lost answer meets the one-a-minute limit: that means it was sent. */
  async sendLink(mailbox: MailboxRef, key: string, email: string, language: InvitationLanguage) {
    const adapter = await this.adapter(mailbox.mailHostingId, mailbox);
    try {
      await createVerified({
        attempt: () => adapter.sendLink(mailbox, key, email, language).then(() => true),
        findCreated: async () => {
          const now = await this.freshSharing(mailbox);
          return now.invitations.some((i) => i.key === key && i.sentTo === email) ? true : undefined;
        },
        showsEarlierSuccess: (e) =>
          e.code === "invitation_sending_rate_limit_reached" ||
          e.code === "too_many_attempts_try_again_in_1_minute",
        maxAttempts: this.settings.maxAttempts,
        backoffBaseMs: this.settings.backoffBaseMs,
      });
    } finally {
      this.invalidate(mailbox);
    }
  }

  /** Sets a pending link's rights in place; the caller replaces the link when this is refused. */
  async updateLink(mailbox: MailboxRef, key: string, permissions: PermissionSet): Promise<void> {
    await this.write(mailbox, () => this.links.update(mailbox, key, permissions));
  }

  /** Revokes a pending link; a link that is already gone counts as revoked. */
  async revokeLink(mailbox: MailboxRef, key: string): Promise<void> {
    await this.write(mailbox, async () => {
      try {
        await this.links.revoke(mailbox, key);
      } catch (error) {
        if (error instanceof InfomaniakApiError && error.isNotFound()) return;
        throw error;
      }
    });
  }

  private async write(
    mailbox: MailboxRef,
    change: (adapter: AccessFamilyAdapter) => Promise<void>,
  ): Promise<void> {
    const adapter = await this.adapter(mailbox.mailHostingId, mailbox);
    try {
      await change(adapter);
    } finally {
      this.invalidate(mailbox);
    }
  }

  /** An invitation in `now` that was not in `before`, with the given permissions. */
  private newInvitation(
    before: MailboxSharing,
    now: MailboxSharing,
    permissions: PermissionSet,
  ): PendingLink | undefined {
    const known = new Set(before.invitations.map((i) => i.key));
    return now.invitations.find((i) => !known.has(i.key) && samePermissions(i.permissions, permissions));
  }

  private key(m: MailboxRef): string {
    return `sharing:${m.mailHostingId}:${m.mailboxName}`;
  }

  private adapter(mailHostingId: number, probe: MailboxRef): Promise<AccessFamilyAdapter> {
    return this.families.get(String(mailHostingId), () => this.detect(probe));
  }

  /** Lists with the new family; a 501 means the account is still on the legacy family. */
  private async detect(probe: MailboxRef): Promise<AccessFamilyAdapter> {
    try {
      this.probed.set(this.key(probe), await this.adapters.webmail.list(probe));
      return this.adapters.webmail;
    } catch (error) {
      if (isNotImplemented(error)) return this.adapters.legacy;
      throw error;
    }
  }
}
