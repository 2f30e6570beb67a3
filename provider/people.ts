/**
 * People are known by their e-mail address, which Infomaniak matches without regard to case: every
 * comparison of addresses (declared, listed, invited) goes through here.
 */
export function emailKey(email: string): string {
  return email.toLowerCase();
}

/** Whether two addresses name the same person (an absent one names nobody). */
export function sameEmail(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && emailKey(a) === emailKey(b);
}
