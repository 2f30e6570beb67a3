import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { recoverStack } from "../../cli/recover/recover";
import { EVERY_CREATE } from "../../provider/fields/recovery";
import { ExternalInvitation, MailboxAccess } from "pulumi-infomaniak-mailbox";
import type { EngineStack } from "../support/engineStack";
import { simulatorStack } from "../support/engineStack";
import type { TestSimulator } from "../support/simulator";
import { killEngineAfter } from "../support/killEngine";
import { startTestSimulator } from "../support/simulator";

/**
 * An `up` whose engine dies mid-run (SIGKILL of the `pulumi` process and of the provider process it
 * started, as when a CI job or a machine is stopped), then the recovery docs/reliability.md documents
 * under "Recovering from an interrupted `up`": `infomaniak-mailbox recover` (here its library,
 * `recoverStack`: it refuses while the run is alive, removes the lock, notes the pending creates,
 * forgets them with a refresh and leaves `infomaniak:recovery`), then `up` with the program unchanged.
 *
 * The kill lands at an exact point: inside the simulator, after it applied the request and before its
 * answer leaves, so Infomaniak holds what the engine never recorded. `parallel: 1` makes the run
 * create one resource at a time, so exactly one create is cut off. They start in the order their
 * checks finish, not quite the declaration's: the guest's check reads more, so its link may come last.
 */

const MAILBOXES = ["support", "sales", "invoices"] as const;
const MEMBERS = [
  { name: "bruno", userId: 2 },
  { name: "chloe", userId: 3 },
  { name: "david", userId: 4 },
] as const;
const GUEST = "guest@outside.example";
const DELEGATE = [
  "can_configure_mail_folders",
  "can_manage_auto_reply",
  "can_manage_filters",
  "can_manage_signatures",
];

const WEBMAIL = "/1/mail_hostings/{service_mail}/mailboxes/{mailbox_name}/accesses/webmail";
const SEND = `${WEBMAIL}/invitations/{invitation_webmail}/send`;

/** Declaration order: three grants, the guest, six grants. */
const NAMES = [
  ...MEMBERS.map((m) => `support-${m.name}`),
  "guest",
  ...MAILBOXES.slice(1).flatMap((mailbox) => MEMBERS.map((m) => `${mailbox}-${m.name}`)),
];

function declare(): void {
  for (const name of NAMES) {
    if (name === "guest") {
      new ExternalInvitation(name, {
        mailHostingId: 10,
        mailbox: "support",
        email: GUEST,
        preset: "readOnly",
      });
      continue;
    }
    const [mailbox, member] = name.split("-") as [string, string];
    new MailboxAccess(name, {
      mailHostingId: 10,
      mailbox,
      userEmail: `${member}@acme.example`,
      preset: "delegate",
    });
  }
}

/** A second lock on the stack, naming this (live) process, as a run still going would hold. */
async function addLockOfThisProcess(engine: EngineStack): Promise<string> {
  const { url } = await engine.stack.workspace.whoAmI();
  const project = (await engine.stack.workspace.projectSettings()).name;
  const dir = join(fileURLToPath(url ?? ""), ".pulumi", "locks", "organization", project, engine.stack.name);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "still-running.json");
  const lock = {
    pid: process.pid,
    username: "ci",
    hostname: hostname(),
    timestamp: new Date().toISOString(),
  };
  writeFileSync(file, JSON.stringify(lock));
  return file;
}

// ---- Reading state ----

interface StateEntry {
  urn: string;
  type: string;
  id?: string;
}
interface Checkpoint {
  resources?: StateEntry[];
  pending_operations?: { type: string; resource: StateEntry }[];
}

const nameOf = (urn: string) => urn.split("::").pop() ?? urn;
const ours = (r: StateEntry) => /infomaniak:(MailboxAccess|ExternalInvitation)$/.test(r.type);

async function checkpoint(engine: EngineStack): Promise<Checkpoint> {
  return (await engine.stack.exportStack()).deployment as Checkpoint;
}

/** The simulator's accesses and links, as `mailbox/userId` and `mailbox:recipient` (empty: not sent). */
async function live(sim: TestSimulator) {
  const state = await sim.admin.state();
  return {
    accesses: state.accesses,
    grants: state.accesses
      .filter((a) => a.mailHostingId === 10)
      .map((a) => `${a.mailboxName}/${a.userId}`)
      .sort(),
    links: state.mailboxInvitations.filter((i) => i.status === "pending"),
  };
}

const KILL_POINTS = [
  {
    when: "just after Infomaniak granted an access",
    route: WEBMAIL,
    nth: 4, // support × 3, then sales-bruno (the guest comes between)
    cutOff: "sales-bruno",
    leftUnsentLink: false,
  },
  {
    when: "just after the guest's link was e-mailed",
    route: SEND,
    nth: 1,
    cutOff: "guest",
    leftUnsentLink: false,
  },
  {
    when: "between creating the guest's link and e-mailing it",
    route: `${WEBMAIL}/invitations`,
    nth: 1,
    cutOff: "guest",
    leftUnsentLink: true,
  },
] as const;

describe("an up killed mid-run, then recover and up", () => {
  it.each(KILL_POINTS)("killed $when: converges", async ({ when, route, nth, cutOff, leftUnsentLink }) => {
    const sim = await startTestSimulator();
    const engine = await simulatorStack(sim, `interrupted-${when.replace(/\W+/g, "-")}`, declare);
    const seeded = structuredClone((await live(sim)).accesses);
    const kill = killEngineAfter(sim, route, nth);
    try {
      // ---- The interrupted run ----
      await expect(engine.stack.up({ parallel: 1 })).rejects.toThrow(/killed with SIGKILL/);
      expect(kill.killed.length).toBeGreaterThanOrEqual(2); // the engine and its provider process

      // What it leaves: a lock that stops every command that changes the stack (a preview still runs)...
      await expect(engine.stack.refresh()).rejects.toThrow(/currently locked by 1 lock\(s\)/);
      // ...and pending creates, one of them for something Infomaniak holds but the state does not.
      const killed = await checkpoint(engine);
      const interrupted = (killed.pending_operations ?? [])
        .filter((op) => op.type === "creating" && ours(op.resource))
        .map((op) => nameOf(op.resource.urn));
      const recorded = (killed.resources ?? []).filter(ours).map((r) => nameOf(r.urn));
      expect(interrupted).toContain(cutOff);
      expect(recorded).not.toContain(cutOff);
      // (Whether resources after the cut-off had started is a race between the kill and the engine:
      // since the program registers its resources quickly, all of them may have, even at `parallel: 1`.)
      console.log(`killed ${when}: ${recorded.length} recorded, pending creates ${interrupted.join(", ")}`);
      const afterKill = await live(sim);
      if (cutOff === "sales-bruno") expect(afterKill.grants).toContain("sales/2");
      else expect(afterKill.links.map((l) => l.sentTo)).toEqual([leftUnsentLink ? "" : GUEST]);

      // ---- The recovery: one command, then `up` with the program as it was ----
      // Refused while the run holding a lock is alive (here: a lock naming this very process).
      const fakeLock = await addLockOfThisProcess(engine);
      await expect(recoverStack(engine.stack)).rejects.toMatchObject({ code: "run_still_alive" });
      rmSync(fakeLock);
      const recovery = await recoverStack(engine.stack);
      expect(recovery.cancelled).toBe(true);
      // (Plus EVERY_CREATE when the kill also cut the state file off: then the checkpoint before it is used.)
      expect(
        recovery.adopting
          .filter((urn) => urn !== EVERY_CREATE)
          .map(nameOf)
          .sort(),
      ).toEqual([...interrupted].sort());
      expect(recovery.leftToAPerson).toEqual([]);
      const up = await engine.stack.up();
      expect(up.summary.result).toBe("succeeded");
      // The consent was for this recovery: without it, nothing changes either.
      await engine.stack.removeConfig("infomaniak:recovery");

      // ---- Converged ----
      const final = await live(sim);
      const declaredGrants = MAILBOXES.flatMap((mailbox) => MEMBERS.map((m) => `${mailbox}/${m.userId}`));
      // Every declared access exactly once, with the declared rights; the seeded ones untouched.
      expect(final.grants).toEqual([...declaredGrants, "sales/1"].sort());
      for (const access of final.accesses) {
        const before = seeded.find((s) => s.id === access.id);
        if (before) expect(access.permissions).toEqual(before.permissions);
        else {
          const granted = Object.entries(access.permissions).filter(([, on]) => on);
          expect(granted.map(([name]) => name).sort()).toEqual(DELEGATE);
        }
      }
      expect(final.accesses).toHaveLength(seeded.length + declaredGrants.length);
      // One link, e-mailed to the guest once, and it is the one the state holds: a link the run created
      // but never e-mailed was taken over (the one the kill left), not left as an orphan.
      expect(final.links.map((l) => `${l.mailboxName}:${l.sentTo}`)).toEqual([`support:${GUEST}`]);
      if (leftUnsentLink) expect(final.links[0]?.key).toBe(afterKill.links[0]?.key);
      const { routes } = await sim.admin.requests();
      const sends = routes.find((r) => r.method === "POST" && r.route === SEND)?.statuses["200"];
      expect(sends).toBe(1);
      const state = await checkpoint(engine);
      expect(state.pending_operations ?? []).toEqual([]);
      const resources = (state.resources ?? []).filter(ours);
      expect(resources.map((r) => nameOf(r.urn)).sort()).toEqual([...NAMES].sort());
      const ids = Object.fromEntries(resources.map((r) => [nameOf(r.urn), r.id]));
      expect(ids["guest"]).toBe(`10/support/invitation/${final.links[0]?.key ?? "?"}`);
      for (const mailbox of MAILBOXES)
        for (const m of MEMBERS) expect(ids[`${mailbox}-${m.name}`]).toBe(`10/${mailbox}/${m.userId}`);
      // The state agrees with Infomaniak, and the declaration (adopt taken out) with the state.
      await engine.stack.refresh({ expectNoChanges: true });
      const preview = await engine.stack.preview();
      expect(Object.keys(preview.changeSummary)).toEqual(["same"]);
    } finally {
      engine.remove();
      await sim.stop();
    }
  });
});
