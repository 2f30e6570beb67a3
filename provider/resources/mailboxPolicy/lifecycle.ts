import type { MailboxRef } from "../../api/accessFamilies/accessFamily";
import type { InfomaniakClient } from "../../api/client";
import { defineResource } from "../../engine/defineResource";
import { warn } from "../../runtime";
import { isFailure, resolveMailboxTarget } from "../mailboxTarget";
import { ResourceError } from "../resourceError";
import {
  checkedOf,
  conflictError,
  contradictedAcknowledgements,
  diffPolicy,
  revocable,
  revokedAndBack,
  unmanagedIn,
} from "./rules";
import type { Checked, Revoked, State } from "./schema";
import * as schemas from "./schema";

/**
 * Authoritative: revoke whatever is undeclared now (a fresh listing, not the one `check` saw); teams
 * and unknown items stay, and say so. Someone this policy revoked before and who is back is a
 * conflict, not revoked again (conflictError). Returns what is still there that nobody declared,
 * and whom this enforcement revoked.
 */
async function enforce(
  client: InfomaniakClient,
  checked: Checked,
  address: string,
  before: readonly Revoked[],
): Promise<Pick<State, "unmanaged" | "revoked">> {
  const mailbox: MailboxRef = { mailHostingId: checked.mailHostingId, mailboxName: checked.mailbox };
  const unmanaged = unmanagedIn(await client.mailboxAccesses.freshSharing(mailbox), checked);
  if (checked.mode === "report-only") return { unmanaged, revoked: [] };
  const back = revokedAndBack(before, unmanaged);
  if (back.length > 0) throw conflictError(address, back);
  const revoked: Revoked[] = [];
  for (const entry of unmanaged) {
    if (!revocable(entry)) {
      warn(
        `${address}: ${entry.label} also has access; this provider does not manage it, so it is left as it is`,
      );
      continue;
    }
    if (entry.userId !== null) await client.mailboxAccesses.revoke(mailbox, entry.userId);
    if (entry.key !== null) await client.mailboxAccesses.revokeLink(mailbox, entry.key);
    const { email, userId, key, label } = entry;
    revoked.push({ email, userId, key, label, at: new Date().toISOString() });
  }
  return { unmanaged: unmanaged.filter((entry) => !revocable(entry)), revoked };
}

/**
 * A mailbox whose sharing the program declares completely. `authoritative` revokes every access and
 * pending link not declared; `report-only` only lists them (the `unmanaged` output, and the permission
 * report), so that what authoritative mode would remove is seen in preview first.
 */
export const mailboxPolicy = defineResource({
  name: "MailboxPolicy",
  schemas,

  async check(client, declared) {
    const target = await resolveMailboxTarget(client, declared);
    if (isFailure(target)) return [target];
    const sharing = await client.mailboxAccesses.sharing({
      mailHostingId: target.mailHostingId,
      mailboxName: target.mailboxName,
    });
    const unmanaged = unmanagedIn(sharing, declared);
    const contradicted = contradictedAcknowledgements(declared, unmanaged);
    return contradicted.length > 0 ? contradicted : checkedOf(declared, target, unmanaged);
  },

  diff: (_id, old, next) => diffPolicy(old, next),

  async create(client, checked) {
    const target = await resolveMailboxTarget(client, checked);
    if (isFailure(target)) throw ResourceError.fromFailures([target]);
    const state: State = {
      ...checked,
      address: target.address,
      ...(await enforce(client, checked, target.address, [])),
    };
    return { id: `${checked.mailHostingId}/${checked.mailbox}/policy`, state };
  },

  readById: { refused: "declare it again instead of importing it" },

  async read(client, _id, stored) {
    const sharing = await client.mailboxAccesses.sharing({
      mailHostingId: stored.mailHostingId,
      mailboxName: stored.mailbox,
    });
    return { ...stored, unmanaged: unmanagedIn(sharing, stored) };
  },

  async update(client, old, checked) {
    return { ...old, ...checked, ...(await enforce(client, checked, old.address, old.revoked)) };
  },

  // The policy only governs: removing it leaves the mailbox's sharing as it is.
  delete: () => Promise.resolve(),
});
