import { ApiFailure } from "../apiFailure";
import type { MailHosting } from "../model";
import type { SimulatorStore, StateView } from "../store";

/** What route handlers use: reads may see a lagging state (fault profile), writes see the current one. */
export interface RouteEnv {
  store: SimulatorStore;
  read(): StateView;
  write<T>(change: (view: StateView) => T): T;
}

/** Days an invitation (organisation or mailbox) stays valid. */
export const INVITATION_TTL_SECONDS = 7 * 24 * 3600;

/** The other access family answers 501 on an account, as Infomaniak does during its migration. */
export function requireFamily(view: StateView, hosting: MailHosting, family: "webmail" | "legacy"): void {
  if (view.familyOf(hosting) !== family) {
    throw new ApiFailure(501, "not_implemented", "Method not yet implemented");
  }
}
