import { z } from "zod";

/** How completely a MailboxPolicy governs its mailbox. */
export const POLICY_MODES = ["authoritative", "report-only"] as const;

export const PolicyMode = z.enum(POLICY_MODES, {
  error:
    'mode is "authoritative" (access not declared in the program is revoked) or "report-only" (it is only reported)',
});
