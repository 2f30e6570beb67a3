import { request } from "undici";
import { ADMIN_PREFIX } from "./admin";
import type { FaultProfileInput } from "./faults";
import type { State, StateInput } from "./model";
import type { RouteCount } from "./requestCounters";
import type { WriteEntry } from "./writeJournal";

/** The simulator's admin routes over HTTP, for tests, benchmarks and scripts (another process too). */
export class SimulatorAdmin {
  constructor(private readonly baseUrl: string) {}

  private async call<T>(method: "GET" | "POST" | "PUT" | "DELETE", path: string, body?: unknown): Promise<T> {
    const response = await request(`${this.baseUrl}${ADMIN_PREFIX}${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const parsed = (await response.body.json()) as {
      result: string;
      data?: T;
      error?: { description: string };
    };
    if (response.statusCode >= 400) {
      throw new Error(
        `simulator admin ${method} ${path}: ${response.statusCode} ${parsed.error?.description ?? ""}`,
      );
    }
    return parsed.data as T;
  }

  state(): Promise<State> {
    return this.call("GET", "/state");
  }

  replaceState(state: StateInput): Promise<State> {
    return this.call("PUT", "/state", state);
  }

  reset(): Promise<State> {
    return this.call("POST", "/reset");
  }

  advanceClock(seconds: number): Promise<{ now: number }> {
    return this.call("POST", "/clock", { advanceSeconds: seconds });
  }

  setFaults(profile: FaultProfileInput): Promise<unknown> {
    return this.call("PUT", "/faults", profile);
  }

  clearFaults(): Promise<unknown> {
    return this.call("DELETE", "/faults");
  }

  setRateLimit(perWindow: number, windowMs?: number): Promise<unknown> {
    return this.call("PUT", "/rate-limit", windowMs === undefined ? { perWindow } : { perWindow, windowMs });
  }

  requests(): Promise<{ total: number; routes: RouteCount[] }> {
    return this.call("GET", "/requests");
  }

  resetRequests(): Promise<unknown> {
    return this.call("DELETE", "/requests");
  }

  /** What each API write changed since the last reset, in order. */
  writes(): Promise<WriteEntry[]> {
    return this.call("GET", "/writes");
  }

  resetWrites(): Promise<unknown> {
    return this.call("DELETE", "/writes");
  }

  accountInvitation(id: number, action: "accept" | "reject" | "expire"): Promise<unknown> {
    return this.call("POST", `/account-invitations/${id}/${action}`);
  }

  mailboxInvitation(
    key: string,
    action: "accept" | "reject" | "expire",
    person: { email?: string; firstName?: string; lastName?: string } = {},
  ): Promise<unknown> {
    return this.call("POST", `/mailbox-invitations/${encodeURIComponent(key)}/${action}`, person);
  }
}
