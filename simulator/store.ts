import { randomBytes } from "node:crypto";
import { renameSync, writeFileSync } from "node:fs";
import { notFound, validationFailed } from "./apiFailure";
import type {
  Access,
  Account,
  MailHosting,
  Mailbox,
  State,
  StateInput,
  Team,
  TeamAccess,
  User,
} from "./model";
import { State as StateSchema } from "./model";

/**
 * The simulator's data and clock. Handlers run synchronously on Node's single thread, so every
 * request sees and leaves a consistent state; concurrent requests interleave only between requests.
 */
export class SimulatorStore {
  private current: State;
  /** States as they were before each recent write, for the "reads lag writes" fault. */
  private history: { at: number; state: State }[] = [];

  constructor(
    private readonly initial: StateInput,
    private readonly persistPath?: string,
  ) {
    this.current = StateSchema.parse(initial);
  }

  get state(): State {
    return this.current;
  }

  /** Seconds since the epoch on the simulator's clock. */
  now(): number {
    return Math.floor((Date.now() + this.current.clockOffsetMs) / 1000);
  }

  advanceClock(seconds: number): void {
    this.current.clockOffsetMs += seconds * 1000;
    this.persist();
  }

  replace(input: StateInput): void {
    this.current = StateSchema.parse(input);
    this.history = [];
    this.persist();
  }

  reset(): void {
    this.replace(this.initial);
  }

  nextId(): number {
    return this.current.nextId++;
  }

  randomKey(bytes = 16): string {
    return randomBytes(bytes).toString("hex");
  }

  /** Runs a change; keeps the state before it when reads are set to lag writes. */
  write<T>(keepHistoryMs: number, change: () => T): T {
    if (keepHistoryMs > 0) {
      this.history.push({ at: Date.now(), state: structuredClone(this.current) });
      const horizon = Date.now() - keepHistoryMs;
      this.history = this.history.filter((h) => h.at >= horizon);
    }
    const result = change();
    this.persist();
    return result;
  }

  /** The state a read sees when reads lag writes by `lagMs`: the oldest kept state younger than the lag. */
  stateForRead(lagMs: number): State {
    if (lagMs <= 0) return this.current;
    const since = Date.now() - lagMs;
    return this.history.find((h) => h.at >= since)?.state ?? this.current;
  }

  private persist(): void {
    if (!this.persistPath) return;
    const temp = `${this.persistPath}.tmp`;
    writeFileSync(temp, JSON.stringify(this.current, null, 2));
    renameSync(temp, this.persistPath);
  }
}

/** Look-ups shared by the route handlers; each throws the API's own 404 when the object is missing. */
export class StateView {
  constructor(readonly state: State) {}

  /** Which access family answers on a mail hosting: its own, else its account's. */
  familyOf(hosting: MailHosting): Account["accessFamily"] {
    return hosting.accessFamily ?? this.account(hosting.accountId).accessFamily;
  }

  account(id: number): Account {
    const account = this.state.accounts.find((a) => a.id === id);
    if (!account) throw notFound("Account not found");
    return account;
  }

  user(id: number): User | undefined {
    return this.state.users.find((u) => u.id === id);
  }

  userByEmail(email: string): User | undefined {
    const wanted = email.toLowerCase();
    return this.state.users.find((u) => u.email.toLowerCase() === wanted);
  }

  isMember(accountId: number, userId: number): boolean {
    return this.state.memberships.some((m) => m.accountId === accountId && m.userId === userId);
  }

  /** Accounts the token's user belongs to: what a token can see. */
  visibleAccounts(userId: number): Account[] {
    return this.state.accounts.filter((a) => this.isMember(a.id, userId));
  }

  visibleAccount(id: number, userId: number): Account {
    const account = this.account(id);
    if (!this.isMember(account.id, userId)) throw notFound("Account not found");
    return account;
  }

  mailHosting(id: number, userId: number): MailHosting {
    const hosting = this.state.mailHostings.find((h) => h.id === id);
    if (!hosting || !this.isMember(hosting.accountId, userId)) throw notFound("Mail hosting not found");
    return hosting;
  }

  mailbox(hostingId: number, name: string, userId: number): { hosting: MailHosting; mailbox: Mailbox } {
    const hosting = this.mailHosting(hostingId, userId);
    const mailbox = this.state.mailboxes.find((m) => m.mailHostingId === hosting.id && m.name === name);
    if (!mailbox) throw notFound("Mailbox not found");
    return { hosting, mailbox };
  }

  accessesOf(hostingId: number, mailboxName: string): Access[] {
    return this.state.accesses.filter((a) => a.mailHostingId === hostingId && a.mailboxName === mailboxName);
  }

  teamAccessesOf(hostingId: number, mailboxName: string): TeamAccess[] {
    return this.state.teamAccesses.filter(
      (a) => a.mailHostingId === hostingId && a.mailboxName === mailboxName,
    );
  }

  team(id: number): Team | undefined {
    return this.state.teams.find((t) => t.id === id);
  }
}

export function parseId(raw: string | undefined, name: string): number {
  if (raw === undefined || !/^[1-9][0-9]{0,14}$/.test(raw)) {
    throw validationFailed([
      { code: "validation_rule_integer", description: `${name} must be an integer`, attribute: name },
    ]);
  }
  return Number(raw);
}
