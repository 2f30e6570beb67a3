import { ExternalInvitation, MailboxAccess } from "pulumi-infomaniak-mailbox";
import type { ExternalInvitationArgs, MailboxAccessArgs } from "pulumi-infomaniak-mailbox";
import type { FaultProfileInput } from "../../simulator";
import type { EngineStack } from "../support/engineStack";
import { simulatorStack } from "../support/engineStack";
import type { TestSimulator } from "../support/simulator";
import { startTestSimulator } from "../support/simulator";

export const OPERATIONS = ["create", "update", "delete", "read"] as const;
export type Operation = (typeof OPERATIONS)[number];

export const FAULTS = [
  "5xx burst",
  "5xx outage",
  "429 burst",
  "connection reset",
  "timeout",
  "lost response",
  "read lag",
] as const;
export type Fault = (typeof FAULTS)[number];

const METHOD: Record<Operation, "POST" | "PATCH" | "DELETE" | "GET"> = {
  create: "POST",
  update: "PATCH",
  delete: "DELETE",
  read: "GET",
};

/** Each fault aimed at the operation's requests; bursts are short enough for retries to absorb. */
function profile(fault: Fault, operation: Operation): FaultProfileInput {
  const method = METHOD[operation];
  switch (fault) {
    case "5xx burst":
      return { rules: [{ kind: "error", status: 503, count: 3, method }] };
    case "5xx outage":
      // Longer than the client's five attempts: the operation must fail, clearly.
      return { rules: [{ kind: "error", status: 503, count: 30, method }] };
    case "429 burst":
      return { rules: [{ kind: "rateLimit", count: 3, retryAfterSeconds: 1, method }] };
    case "connection reset":
      return { rules: [{ kind: "reset", count: 3, method }] };
    case "timeout":
      return { rules: [{ kind: "timeout", count: 2, delayMs: 1_500, method }] };
    case "lost response":
      return { rules: [{ kind: "lostResponse", count: 3, method }] };
    case "read lag":
      return { readLagMs: 1_500 };
  }
}

type Grant = MailboxAccessArgs & { name: string; mailHostingId: number; userEmail: string };
type Guest = ExternalInvitationArgs & { name: string; email: string };

const SUPPORT = { mailHostingId: 10, mailbox: "support" };

function declaration(): { grants: Grant[]; guests: Guest[] } {
  return {
    grants: [
      { name: "bruno", ...SUPPORT, userEmail: "bruno@acme.example", preset: "delegate" },
      {
        name: "chloe",
        ...SUPPORT,
        userEmail: "chloe@acme.example",
        permissions: { can_manage_filters: true },
      },
      {
        name: "fabio",
        mailHostingId: 20,
        mailbox: "info",
        userEmail: "fabio@legacy.example",
        preset: "readOnly",
      },
    ],
    guests: [{ name: "guest", ...SUPPORT, email: "guest@outside.example", preset: "readOnly" }],
  };
}

export interface CellResult {
  operation: Operation;
  fault: Fault;
  /** The faulted run: `succeeded`, or the error code it failed with. */
  outcome: string;
  converged: boolean;
}

/**
 * One cell: the operation runs against the fault, then faults stop and a plain re-run converges: the
 * simulator holds exactly the declaration, nothing twice, and nothing undeclared was touched.
 */
export async function runCell(operation: Operation, fault: Fault): Promise<CellResult> {
  const sim: TestSimulator = await startTestSimulator();
  let declared = declaration();
  const engine: EngineStack = await simulatorStack(
    sim,
    `cell-${operation}-${fault.replace(/\W+/g, "-")}`,
    () => {
      for (const { name, ...args } of declared.grants) new MailboxAccess(name, args);
      for (const { name, ...args } of declared.guests) new ExternalInvitation(name, args);
    },
    { "infomaniak:timeoutMs": "500", "infomaniak:consistencyDelayMs": "2000" },
  );
  const seeded = structuredClone((await sim.admin.state()).accesses);
  try {
    // Reads lag only the writes made while the lag is on: set it before the writes it should hide.
    const lagFirst = fault === "read lag";
    if (lagFirst) await sim.admin.setFaults(profile(fault, operation));
    if (operation !== "create") await engine.stack.up();
    if (operation === "update") {
      declared.grants = declared.grants.map((g) => ({
        ...g,
        permissions:
          g.mailHostingId === 10
            ? { can_manage_signatures: false, can_manage_rules: true }
            : { can_manage_chat: true },
      }));
    }
    if (operation === "delete") declared = { grants: declared.grants.slice(1), guests: [] };
    if (!lagFirst) await sim.admin.setFaults(profile(fault, operation));

    let outcome = "succeeded";
    try {
      if (operation === "read") await engine.stack.refresh();
      else await engine.stack.up();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // A failure must be Infomaniak's own error or ours, never a crash.
      const code = /Infomaniak API .* failed: (?:\d+|no answer) (\w+)/.exec(message)?.[1];
      if (!code) throw new Error(`${operation} × ${fault}: unclear failure:\n${message}`);
      outcome = `failed: ${code}`;
    }
    await sim.admin.clearFaults();
    if (operation === "read") await engine.stack.refresh();
    await engine.stack.up();

    const state = await sim.admin.state();
    const support = state.accesses.filter((a) => a.mailHostingId === 10 && a.mailboxName === "support");
    const wanted = declared.grants.filter((g) => g.mailHostingId === 10).map((g) => g.userEmail);
    const emails = support.map((a) => state.users.find((u) => u.id === a.userId)?.email).sort();
    const links = state.mailboxInvitations.filter((i) => i.status === "pending");
    const linkTargets = links.map((i) => `${i.mailboxName}:${i.sentTo}`).sort();
    const wantedLinks = [
      ...declared.guests.map((g) => `support:${g.email}`),
      ...declared.grants.filter((g) => g.mailHostingId === 20).map((g) => `info:${g.userEmail}`),
    ].sort();
    const untouched = seeded.every((s) =>
      state.accesses.some(
        (a) => a.id === s.id && JSON.stringify(a.permissions) === JSON.stringify(s.permissions),
      ),
    );
    const preview = await engine.stack.preview();
    const converged =
      JSON.stringify(emails) === JSON.stringify([...wanted].sort()) &&
      JSON.stringify(linkTargets) === JSON.stringify(wantedLinks) &&
      untouched &&
      Object.keys(preview.changeSummary).every((k) => k === "same");
    if (!converged) {
      throw new Error(
        `${operation} × ${fault} did not converge: accesses ${JSON.stringify(emails)}, links ${JSON.stringify(linkTargets)}, ` +
          `seeded untouched ${untouched}, preview ${JSON.stringify(preview.changeSummary)}`,
      );
    }
    return { operation, fault, outcome, converged };
  } finally {
    engine.remove();
    await sim.stop();
  }
}
