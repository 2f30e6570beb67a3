import { EngineProbe, ExternalInvitation, MailboxAccess, Organisation } from "pulumi-infomaniak-mailbox";
import type { Declaration } from "./declaration";

/** Declares the benchmark's resources: what its program does, and the load test's inline program. */
export function declare(declaration: Declaration): void {
  switch (declaration.kind) {
    case "organisation":
      for (const g of declaration.grants) {
        new MailboxAccess(g.name, {
          mailHostingId: declaration.mailHostingId,
          mailbox: g.mailbox,
          userEmail: g.email,
          preset: g.preset,
        });
      }
      // Links not e-mailed: the benchmark measures the sharing, not the mail.
      for (const i of declaration.invitations) {
        new ExternalInvitation(i.name, {
          mailHostingId: declaration.mailHostingId,
          mailbox: i.mailbox,
          email: i.email,
          send: false,
        });
      }
      return;
    case "probes":
      for (let i = 0; i < declaration.count; i++) {
        new EngineProbe(`probe-${i}`, { label: i < declaration.changed ? "b" : "a" });
      }
      return;
    case "spec":
      new Organisation({ spec: declaration.file });
  }
}
