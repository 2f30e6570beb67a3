import { z } from "zod";
import { notFound } from "./apiFailure";
import type { Faults } from "./faults";
import { FaultProfile } from "./faults";
import * as lifecycle from "./lifecycle";
import { State } from "./model";
import type { TokenRateLimit } from "./rateLimit";
import { parseBody } from "./requestParsing";
import type { RequestCounters } from "./requestCounters";
import type { SimulatorStore } from "./store";
import { StateView, parseId } from "./store";
import type { WriteJournal } from "./writeJournal";

/** Routes for tests and demos, outside the API: no token, no rate limit, not counted. */
export const ADMIN_PREFIX = "/__admin";

export interface AdminEnv {
  store: SimulatorStore;
  faults: Faults;
  rateLimit: TokenRateLimit;
  counters: RequestCounters;
  journal: WriteJournal;
}

const Person = z.object({
  email: z.email().optional(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
});
const Clock = z.object({ advanceSeconds: z.number().int() });
const RateLimit = z.object({
  perWindow: z.number().int().nonnegative(),
  windowMs: z.number().int().positive().optional(),
});

/** Answers an admin request (`path` without the prefix); the result is the `data` of the envelope. */
export function handleAdmin(env: AdminEnv, method: string, path: string, body: unknown): unknown {
  const { store } = env;
  const view = () => new StateView(store.state);
  const route = `${method} ${path}`;
  let found: RegExpExecArray | null;

  if (route === "GET /state") return store.state;
  if (route === "PUT /state") {
    store.replace(parseBody(State, body));
    env.rateLimit.reset();
    return store.state;
  }
  if (route === "POST /reset") {
    store.reset();
    env.faults.set({});
    env.rateLimit.reset();
    env.counters.reset();
    env.journal.reset();
    return store.state;
  }
  if (route === "POST /clock") {
    store.advanceClock(parseBody(Clock, body).advanceSeconds);
    return { now: store.now() };
  }
  if (route === "GET /faults" || route === "PUT /faults" || route === "DELETE /faults") {
    if (method === "PUT") return env.faults.set(parseBody(FaultProfile, body));
    if (method === "DELETE") return env.faults.set({});
    return env.faults.current;
  }
  if (route === "PUT /rate-limit") {
    const limit = parseBody(RateLimit, body);
    env.rateLimit.perWindow = limit.perWindow;
    if (limit.windowMs !== undefined) env.rateLimit.windowMs = limit.windowMs;
    env.rateLimit.reset();
    return { perWindow: env.rateLimit.perWindow, windowMs: env.rateLimit.windowMs };
  }
  if (route === "GET /writes") return env.journal.snapshot();
  if (route === "DELETE /writes") {
    env.journal.reset();
    return [];
  }
  if (route === "GET /requests") return env.counters.snapshot();
  if (route === "DELETE /requests") {
    env.counters.reset();
    return env.counters.snapshot();
  }
  if ((found = /^POST \/account-invitations\/([^/]+)\/(accept|reject|expire)$/.exec(route))) {
    const id = parseId(found[1], "invitation");
    const action = found[2];
    if (action === "accept")
      return { userId: store.write(0, () => lifecycle.acceptAccountInvitation(store, view(), id)) };
    store.write(0, () =>
      action === "reject"
        ? lifecycle.rejectAccountInvitation(store, view(), id)
        : lifecycle.expireAccountInvitation(store, view(), id),
    );
    return true;
  }
  if ((found = /^POST \/mailbox-invitations\/([^/]+)\/(accept|reject|expire)$/.exec(route))) {
    const key = decodeURIComponent(found[1] ?? "");
    const action = found[2];
    if (action === "accept") {
      const person = parseBody(Person, body);
      return { userId: store.write(0, () => lifecycle.acceptMailboxInvitation(store, view(), key, person)) };
    }
    store.write(0, () =>
      action === "reject"
        ? lifecycle.rejectMailboxInvitation(store, view(), key)
        : lifecycle.expireMailboxInvitation(store, view(), key),
    );
    return true;
  }
  throw notFound(`No admin route ${route}`);
}
