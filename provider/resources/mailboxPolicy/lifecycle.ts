import type { MailboxRef } from "../../api/accessFamilies/accessFamily";
import type { InfomaniakClient } from "../../api/client";
import type { Previous } from "../../engine/defineResource";
import { defineResource } from "../../engine/defineResource";
import { warn } from "../../runtime";
import { isFailure, resolveMailboxTarget } from "../mailboxTarget";
import { ResourceError } from "../resourceError";
import {
  checkedOf,
  conflictFailure,
  contradictedAcknowledgements,
  diffPolicy,
  plannedRevocation,
  revocable,
  revocationNotice,
  revokedAndBack,
  settleManagedUnknowns,
  unmanagedIn,
} from "./rules";
import type { Checked, State } from "./schema";
import { Unmanaged } from "./schema";
import * as schemas from "./schema";

/**
 * Authoritative: revoke whom this run's check listed (`revoking`) and a fresh listing still shows.
 * Teams and unknown items stay, and say so; so does whoever was granted after the check: the preview
 * did not show them, and `revoking` (what the next check remembers) would not name them, so revoking
 * them now would undo another stack's grant at every run unnoticed. Returns what is still there that
 * nobody declared.
 */
async function enforce(client: InfomaniakClient, checked: Checked, address: string): Promise<Unmanaged[]> {
  const mailbox: MailboxRef = { mailHostingId: checked.mailHostingId, mailboxName: checked.mailbox };
  const unmanaged = unmanagedIn(await client.mailboxAccesses.freshSharing(mailbox), checked);
  if (checked.mode === "report-only") return unmanaged;
  const planned = (entry: Unmanaged) => plannedRevocation(checked.revoking, entry);
  for (const entry of unmanaged) {
    if (!planned(entry)) {
      warn(
        revocable(entry)
          ? `${address}: ${entry.label} was granted access after this run's check, so it is left as it is; the next preview lists it`
          : `${address}: ${entry.label} also has access; this provider does not manage it, so it is left as it is`,
      );
      continue;
    }
    if (entry.userId !== null) await client.mailboxAccesses.revoke(mailbox, entry.userId);
    if (entry.key !== null) await client.mailboxAccesses.revokeLink(mailbox, entry.key);
  }
  return unmanaged.filter((entry) => !planned(entry));
}

/** Whom the policy's last run revoked, from its stored inputs (none on a first check, or from 0.1). */
function revokedLastRun(previous: Previous): Unmanaged[] {
  const parsed = Unmanaged.array().safeParse(previous?.["revoking"]);
  return parsed.success ? parsed.data : [];
}

/**
 * A mailbox whose sharing the program declares completely. `authoritative` revokes every access and
 * pending link not declared; `report-only` only lists them (the `unmanaged` output, and the permission
 * report), so that what authoritative mode would remove is seen in preview first.
 */
export const mailboxPolicy = defineResource({
  name: "MailboxPolicy",
  schemas,

  async check(client, declared, previous) {
    const target = await resolveMailboxTarget(client, declared);
    if (isFailure(target)) return [target];
    const sharing = await client.mailboxAccesses.sharing({
      mailHostingId: target.mailHostingId,
      mailboxName: target.mailboxName,
    });
    const unmanaged = unmanagedIn(sharing, declared);
    const contradicted = contradictedAcknowledgements(declared, unmanaged);
    if (contradicted.length > 0) return contradicted;
    const back = declared.mode === "authoritative" ? revokedAndBack(revokedLastRun(previous), unmanaged) : [];
    if (back.length > 0) return [conflictFailure(target.address, back)];
    const checked = checkedOf(declared, target, unmanaged);
    // Every check of an authoritative policy says whom up revokes: the engine shows a first policy
    // as one create, and an update names no person.
    const notice = revocationNotice(target.address, checked.revoking);
    if (notice) warn(notice);
    return checked;
  },

  settleUnknowns: settleManagedUnknowns,

  diff: (changes, old, next) => diffPolicy(changes, old, next),

  async create(client, checked) {
    const target = await resolveMailboxTarget(client, checked);
    if (isFailure(target)) throw ResourceError.fromFailures([target]);
    const state: State = {
      ...checked,
      address: target.address,
      unmanaged: await enforce(client, checked, target.address),
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
    return { ...old, ...checked, unmanaged: await enforce(client, checked, old.address) };
  },

  // The policy only governs: removing it leaves the mailbox's sharing as it is.
  delete: () => Promise.resolve(),
});
