import type { PolicyFinding } from "../shared/previewSteps";
import { nameOf } from "../shared/previewSteps";

/** A policy violation beside the grant it concerns. */
export interface PolicyNote {
  /** The mailbox key while the report is built, its address once labelled; empty for the stack. */
  mailbox: string;
  who: string;
  /** The resource's name, or `the stack`. */
  resource: string;
  rule: string;
  /** `mandatory` blocks `up`; `advisory` is only shown. */
  level: string;
  message: string;
}

/** What a resource shares, as the report knows it from its step. */
export type SharingOf = (urn: string) => { mailbox: string; who: string } | undefined;

/** The engine's policy findings as notes, each placed on its resource's mailbox and person where the run knows them. */
export function policyNotes(findings: readonly PolicyFinding[], sharingOf: SharingOf): PolicyNote[] {
  return findings.map((f) => {
    const sharing = f.urn ? sharingOf(f.urn) : undefined;
    return {
      mailbox: sharing?.mailbox ?? "",
      who: sharing?.who ?? "",
      resource: f.urn ? nameOf(f.urn) : "the stack",
      rule: f.rule,
      level: f.level,
      message: f.message,
    };
  });
}

/** How a fact's row names the rules its resource breaks: `infomaniak-guest-domains (advisory)`. */
export function rulesOn(notes: readonly PolicyNote[], resource: string): string[] {
  return [...new Set(notes.filter((n) => n.resource === resource).map((n) => `${n.rule} (${n.level})`))];
}
