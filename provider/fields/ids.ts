import { z } from "zod";

/** "required" when absent, "a number" when given as something else (such as text). */
function numberError(field: string, what: string) {
  return (issue: { input?: unknown }) =>
    issue.input === undefined
      ? `${field} is required: ${what}`
      : `${field} must be a number, such as 100 (not ${JSON.stringify(issue.input)}): ${what}`;
}

export const MailHostingId = z
  .number({
    error: numberError("mailHostingId", "the numeric id of the mail hosting (in the Manager's URL)"),
  })
  .int({ error: "mailHostingId must be a whole number" })
  .positive({ error: "mailHostingId must be positive" });

export const AccountId = z
  .number({ error: numberError("accountId", "the numeric id of the organisation (account)") })
  .int({ error: "accountId must be a whole number" })
  .positive({ error: "accountId must be positive" });
