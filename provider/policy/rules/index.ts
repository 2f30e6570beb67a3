import type { MailboxRule } from "../rule";
import { guestDomains } from "./guestDomains";
import { outsiderRights } from "./outsiderRights";
import { presetMailboxes } from "./presetMailboxes";
import { reviewRequired } from "./reviewRequired";
import { rightHolders } from "./rightHolders";
import { unsharedMailboxes } from "./unsharedMailboxes";

/** The pack's rules, in the order the README lists them. */
export const MAILBOX_RULES: readonly MailboxRule[] = [
  outsiderRights,
  guestDomains,
  reviewRequired,
  rightHolders,
  presetMailboxes,
  unsharedMailboxes,
];
