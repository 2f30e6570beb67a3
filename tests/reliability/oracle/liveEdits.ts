import type { State } from "../../../simulator";
import type { TestSimulator } from "../../support/simulator";
import type { Edit, Organisation } from "./edits";

/**
 * The live edits, done as the world does them: a guest opening their link, a link running out, someone
 * in the Manager. Through the admin routes, so that the journal of API writes holds only the stack's.
 */

/** The guest's pending link on the mailbox (the newest), if there is one to act on. */
function pendingLink(state: State, org: Organisation, mailbox: string, guest: string) {
  return state.mailboxInvitations
    .filter(
      (i) => i.mailHostingId === org.mailHostingId && i.mailboxName === mailbox && i.status === "pending",
    )
    .filter((i) => i.sentTo.toLowerCase() === guest)
    .sort((a, b) => b.createdAt - a.createdAt)[0];
}

/** What someone does in the Manager, as a change of the whole state. */
function managerEdit(state: State, org: Organisation, edit: Edit): State | undefined {
  const userId = "member" in edit ? org.members.find((m) => m.email === edit.member)?.userId : undefined;
  const mine = (a: { mailHostingId: number; mailboxName: string; userId: number }) =>
    a.mailHostingId === org.mailHostingId &&
    a.userId === userId &&
    (!("mailbox" in edit) || a.mailboxName === edit.mailbox);
  if (edit.edit === "Manager revokes") return { ...state, accesses: state.accesses.filter((a) => !mine(a)) };
  if (edit.edit === "Manager sets rights")
    return {
      ...state,
      accesses: state.accesses.map((a) =>
        mine(a)
          ? {
              ...a,
              permissions: {
                ...a.permissions,
                [edit.right]: !a.permissions[edit.right as keyof typeof a.permissions],
              },
            }
          : a,
      ),
    };
  if (edit.edit === "Manager removes member")
    return {
      ...state,
      memberships: state.memberships.filter((m) => !(m.accountId === org.accountId && m.userId === userId)),
      accesses: state.accesses.filter((a) => !mine(a)),
    };
  return undefined;
}

export async function applyLive(sim: TestSimulator, org: Organisation, edit: Edit): Promise<void> {
  const state = await sim.admin.state();
  if (edit.edit === "guest accepts" || edit.edit === "link expires") {
    const link = pendingLink(state, org, edit.mailbox, edit.guest);
    if (!link) return;
    await sim.admin.mailboxInvitation(link.key, edit.edit === "guest accepts" ? "accept" : "expire", {
      email: edit.guest,
    });
    return;
  }
  const changed = managerEdit(state, org, edit);
  if (changed) await sim.admin.replaceState(changed);
}
