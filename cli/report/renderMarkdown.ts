import type { Fact, PermissionReport, ReportScope } from "./permissionReport";
import { markdownCode, markdownText } from "../shared/escape/markdown";
import { markdownTable } from "../shared/markdownTable";
import { FACT_KINDS } from "./permissionReport";
import { effectSentence } from "./effects";

/** How a fact reads in the Change column: a loss is of every right, never a downgrade. */
const CHANGE_LABEL: Record<Fact["kind"], string> = {
  gains: "gains access",
  loses: "loses all access",
  changes: "rights change",
  unmanaged: "undeclared",
  drift: "drift",
};

/** A fact's rights in words: those added and removed for a change, else those held (or had, for a loss). */
export function factRights(fact: Fact): string {
  if (fact.kind === "changes" || (fact.kind === "drift" && fact.added.length + fact.removed.length > 0)) {
    return [...fact.added.map((p) => `+ ${p}`), ...fact.removed.map((p) => `− ${p}`)].join(", ");
  }
  const held = fact.permissions.length > 0 ? fact.permissions.join(", ") : "read and send only";
  return fact.kind === "loses" ? `had: ${held}` : held;
}

function heading(scope: ReportScope): string {
  const orgs = scope.organisations;
  const organisation =
    orgs.length === 0 ? "" : ` in organisation${orgs.length > 1 ? "s" : ""} ${orgs.join(", ")}`;
  const stack = scope.stack
    ? ` (stack ${markdownCode(scope.stack)}${scope.project ? ` of ${markdownCode(scope.project)}` : ""})`
    : "";
  return `## Mailbox access${organisation}${stack}: what this change does`;
}

/** The warning when the report was built from part of a run, the heading and the counts. */
function opening(report: PermissionReport): string[] {
  const { membership } = report;
  const counts = [
    ...FACT_KINDS.map((k) => `${report.summary[k]} ${k}`),
    `${membership.changes.length} membership`,
  ].join(" · ");
  const adopted = [
    ...(report.adoptedUnchanged ? [`${report.adoptedUnchanged} grants adopted as they are`] : []),
    ...(membership.adopted ? [`${membership.adopted} members adopted as they are`] : []),
  ];
  const blocking = report.policy.filter((n) => n.level === "mandatory").length;
  return [
    ...(report.blockedByPolicy
      ? [
          `**Blocked by policy: ${blocking} mandatory violation${blocking === 1 ? "" : "s"} (see Policy findings); \`up\` refuses this change until they are fixed.**`,
          "",
        ]
      : []),
    ...(report.incomplete
      ? [
          `**Incomplete: built from part of a run (${markdownText(report.incomplete)}). People it does not list may still gain or lose access.**`,
          "",
        ]
      : []),
    heading(report.scope),
    "",
    `**${counts}**${adopted.length > 0 ? ` (${adopted.join(", ")}: no change for anyone)` : ""}`,
    "",
    ...(report.facts.length === 0 ? ["No one gains, loses or changes access to a mailbox.", ""] : []),
  ];
}

/**
 * One table per mailbox: who gains, loses or changes rights, and why; with the policy rules each
 * row's resource breaks when a policy pack ran and found something.
 */
function mailboxSections(report: PermissionReport): string[] {
  const withPolicy = report.policy.length > 0;
  return [...new Set(report.facts.map((f) => f.mailbox))].flatMap((mailbox) => [
    `### ${markdownText(mailbox)}`,
    "",
    ...markdownTable(
      [
        "Change",
        "Who",
        "Rights",
        "Reason",
        "Owner",
        "Review after",
        "Note",
        ...(withPolicy ? ["Policy"] : []),
      ],
      report.facts
        .filter((x) => x.mailbox === mailbox)
        .map((f) => [
          CHANGE_LABEL[f.kind],
          f.who,
          factRights(f),
          f.review?.reason ?? f.acknowledged?.reason ?? "",
          f.review?.owner ?? f.acknowledged?.owner ?? "",
          f.review?.reviewAfter ?? "",
          f.note,
          ...(withPolicy ? [(f.policy ?? []).join(", ")] : []),
        ]),
    ),
  ]);
}

/** Every write `up` makes at Infomaniak (and each e-mail), in words: the preview contract. */
function effectsSection(report: PermissionReport): string[] {
  if (report.effects.length === 0) return [];
  return [
    "### What `up` does at Infomaniak",
    "",
    ...markdownTable(
      ["Effect", "What happens", "Why"],
      report.effects.map((e) => [e.effect, effectSentence(e), e.because ?? ""]),
    ),
  ];
}

/** Every policy finding with its message, mandatory first. */
function policySection(report: PermissionReport): string[] {
  if (report.policy.length === 0) return [];
  const order = (level: string) => (level === "mandatory" ? 0 : 1);
  const notes = [...report.policy].sort(
    (a, b) =>
      order(a.level) - order(b.level) ||
      `${a.mailbox} ${a.resource}`.localeCompare(`${b.mailbox} ${b.resource}`),
  );
  return [
    "### Policy findings",
    "",
    ...markdownTable(
      ["Level", "Rule", "Resource", "Mailbox", "Who", "Finding"],
      notes.map((n) => [n.level, n.rule, n.resource, n.mailbox, n.who, n.message]),
    ),
  ];
}

/** Membership changes and grants due for review, each a section when there are any. */
function closingSections(report: PermissionReport): string[] {
  const { membership, flags } = report;
  return [
    ...(membership.changes.length > 0
      ? [
          "### Organisation membership",
          "",
          ...markdownTable(
            ["Change", "Who", "Organisation", "Role", "Note"],
            membership.changes.map((c) => [c.change, c.who, String(c.organisation ?? "?"), c.role, c.note]),
          ),
        ]
      : []),
    ...(flags.length > 0
      ? [
          "### Due for review",
          "",
          ...markdownTable(
            ["Mailbox", "Who", "Flag", "Reason", "Owner", "Review after", "Ends (expiresAt)"],
            flags.map((f) => [
              f.mailbox,
              f.who,
              f.flags.join(", "),
              f.review.reason,
              f.review.owner,
              f.review.reviewAfter,
              f.review.expiresAt ?? "",
            ]),
          ),
        ]
      : []),
  ];
}

/** The report as a pull-request comment: per mailbox, who gains, loses or changes rights, and why. */
export function renderMarkdown(report: PermissionReport): string {
  return [
    ...opening(report),
    ...mailboxSections(report),
    ...effectsSection(report),
    ...policySection(report),
    ...closingSections(report),
  ].join("\n");
}
