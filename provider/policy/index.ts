/** `pulumi-infomaniak-mailbox/policy`: the mailbox sharing rules, for a policy pack of one's own. */
export { mailboxSharingPolicies, POLICY_PACK_NAME } from "./pack";
export { MAILBOX_RULES } from "./rules";
export type { EnforcementLevel, Finding, MailboxRule } from "./rule";
export { SENSITIVE_RIGHTS } from "./rules/outsiderRights";
