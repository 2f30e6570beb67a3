import type { Finding } from "./assumptions";
import { ASSUMPTIONS } from "./assumptions";
import type { AccountFinding, HostingFinding, Inspection } from "./inspectApi";
import { markdownText } from "../shared/escape/markdown";
import { markdownTable } from "../shared/markdownTable";

export interface DoctorHeader {
  apiUrl: string;
  version: string;
  requests: number;
}

function hostingLine(h: HostingFinding): string {
  const listing = h.listing
    ? `; ${markdownText(h.listing.mailbox)} listed: ${
        Object.entries(h.listing.kinds)
          .map(([kind, n]) => `${n} ${markdownText(kind)}`)
          .join(", ") || "nobody"
      }${h.listing.omitted.length > 0 ? ` (left out: ${h.listing.omitted.join(", ")})` : ""}`
    : "";
  const error = h.error ? `; error: ${markdownText(h.error)}` : "";
  return `  - mail hosting ${h.id}: ${h.family} family, ${h.mailboxes} mailbox(es)${listing}${error}`;
}

function accountLines(a: AccountFinding): string[] {
  const users =
    "error" in a.users
      ? `members not read: ${markdownText(a.users.error)}`
      : `${a.users.total} member(s), ${a.users.pending} pending, ${a.users.paginated ? "paginated" : "not paginated"}`;
  const head = `- organisation ${a.id}${a.name ? ` (${markdownText(a.name)})` : ""}: ${users}`;
  if ("error" in a.hostings) return [head, `  - mail hostings not read: ${markdownText(a.hostings.error)}`];
  if (a.hostings.length === 0) return [head, "  - no mail hosting"];
  return [head, ...a.hostings.map(hostingLine)];
}

/** The doctor's answer, in Markdown: what was found, then a verdict per assumption. */
export function renderDoctor(header: DoctorHeader, inspection: Inspection, findings: Finding[]): string {
  const found =
    "error" in inspection.accounts
      ? [`- no organisation read: ${markdownText(inspection.accounts.error)}`]
      : inspection.accounts.flatMap(accountLines);
  // The assumptions' own Markdown as it is; what was seen, which holds names and errors, escaped.
  const rows = findings.map((f) => {
    const a = ASSUMPTIONS[f.id];
    const then = f.verdict === "holds" || f.verdict === "not checked" ? "" : ` The provider: ${a.otherwise}.`;
    return [a.title, `**${f.verdict}**`, `${markdownText(f.seen)}.${then}`, a.source].map((markdown) => ({
      markdown,
    }));
  });
  return [
    "# infomaniak-mailbox doctor",
    "",
    `API ${header.apiUrl}, pulumi-infomaniak-mailbox ${header.version}. Read only: ${header.requests} GET request(s), nothing changed.`,
    "",
    "## Found",
    ...found,
    "",
    "## Assumptions",
    ...markdownTable(["assumption", "verdict", "seen", "source"], rows),
    "This report holds no token and no e-mail address: paste it into an issue as it is.",
    "",
  ].join("\n");
}
