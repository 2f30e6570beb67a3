export type PlanErrorCode =
  | "program_not_found"
  | "not_a_program"
  | "no_clients"
  | "unreadable_config"
  | "unknown_stack"
  | "not_in_git"
  | "unknown_base"
  | "git_failed"
  | "policy_not_found"
  | "pulumi_not_found";

/**
 * Why `plan` cannot run as asked: found before any preview starts (a wrong folder, base or stack),
 * so that a CI job fails at once instead of after minutes of previews. Its message names the fix.
 */
export class PlanError extends Error {
  override readonly name = "PlanError";

  constructor(
    readonly code: PlanErrorCode,
    message: string,
  ) {
    super(message);
  }
}
