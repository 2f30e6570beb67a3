import type { AssumptionId, Finding, Verdict } from "./assumptions";
import { ASSUMPTIONS } from "./assumptions";
import type { AccountFinding, HostingFinding, Inspection } from "./inspectApi";

/** Each assumption's verdict from what was read: pure, so every branch is unit-tested. */
export function verdicts(inspection: Inspection): Finding[] {
  const found = (id: AssumptionId, verdict: Verdict, seen: string): Finding => ({ id, verdict, seen });
  if ("error" in inspection.accounts) {
    return [
      found("token", "failed", inspection.accounts.error),
      ...(Object.keys(ASSUMPTIONS) as AssumptionId[])
        .filter((id) => id !== "token")
        .map((id) => found(id, "not checked", "no organisation could be read")),
    ];
  }
  const accounts = inspection.accounts;
  const hostings = accounts.flatMap((a) => ("error" in a.hostings ? [] : a.hostings));
  return [
    tokenVerdict(accounts),
    usersVerdict(accounts),
    productsVerdict(accounts),
    familyVerdict(hostings),
    kindsVerdict(hostings),
    teamsVerdict(hostings),
    legacyVerdict(hostings),
    flagVerdict(hostings),
    rateVerdict(inspection.limitHeaders),
  ];
}

function errors(accounts: AccountFinding[], part: "users" | "hostings"): string[] {
  return accounts.flatMap((a) => {
    const value = a[part];
    return "error" in value ? [`organisation ${a.id}: ${value.error}`] : [];
  });
}

function tokenVerdict(accounts: AccountFinding[]): Finding {
  const failed = [...errors(accounts, "users"), ...errors(accounts, "hostings")];
  if (accounts.length === 0)
    return { id: "token", verdict: "failed", seen: "the token sees no organisation" };
  return failed.length > 0
    ? { id: "token", verdict: "failed", seen: failed.join("; ") }
    : {
        id: "token",
        verdict: "holds",
        seen: `${accounts.length} organisation(s) read, members and mail hostings`,
      };
}

function usersVerdict(accounts: AccountFinding[]): Finding {
  const read = accounts.flatMap((a) => ("error" in a.users ? [] : [a.users]));
  if (read.length === 0)
    return { id: "accountUsersUnpaginated", verdict: "not checked", seen: "no member list read" };
  const paged = read.filter((u) => u.paginated).length;
  const pending = read.reduce((n, u) => n + u.pending, 0);
  const seen = `${read.length} member list(s), ${pending} pending member(s)`;
  return paged === 0
    ? { id: "accountUsersUnpaginated", verdict: "holds", seen: `${seen}, no pagination fields` }
    : {
        id: "accountUsersUnpaginated",
        verdict: "differs",
        seen: `${seen}; ${paged} answered with pagination fields`,
      };
}

function productsVerdict(accounts: AccountFinding[]): Finding {
  const read = accounts.flatMap((a) => ("error" in a.hostings ? [] : [a]));
  if (read.length === 0)
    return { id: "mailHostingProducts", verdict: "not checked", seen: "no product list read" };
  const count = read.reduce((n, a) => n + (a.hostings as HostingFinding[]).length, 0);
  const others = read.reduce((n, a) => n + a.otherProducts, 0);
  const seen = `${count} mail hosting(s) in ${read.length} organisation(s)`;
  if (others > 0)
    return {
      id: "mailHostingProducts",
      verdict: "differs",
      seen: `${seen}; the answer also held ${others} other product(s) despite the filter`,
    };
  return { id: "mailHostingProducts", verdict: "holds", seen };
}

function familyVerdict(hostings: HostingFinding[]): Finding {
  if (hostings.length === 0) return { id: "accessFamily", verdict: "not checked", seen: "no mail hosting" };
  const failed = hostings.filter((h) => h.error !== undefined);
  const families = hostings.map((h) => `${h.id}: ${h.family}`).join(", ");
  return failed.length > 0
    ? {
        id: "accessFamily",
        verdict: "failed",
        seen: failed.map((h) => `mail hosting ${h.id}: ${h.error}`).join("; "),
      }
    : { id: "accessFamily", verdict: "holds", seen: families };
}

function listedKinds(hostings: HostingFinding[], family: "webmail" | "legacy"): string[] {
  return hostings.flatMap((h) => (h.family === family && h.listing ? Object.keys(h.listing.kinds) : []));
}

function kindsVerdict(hostings: HostingFinding[]): Finding {
  const listed = hostings.filter((h) => h.family === "webmail" && h.listing);
  if (listed.length === 0)
    return { id: "webmailListingKinds", verdict: "not checked", seen: "no webmail listing read" };
  const unknown = [...new Set(listedKinds(hostings, "webmail").filter((k) => k.startsWith("unknown")))];
  return unknown.length > 0
    ? { id: "webmailListingKinds", verdict: "differs", seen: `items of unknown kind: ${unknown.join(", ")}` }
    : { id: "webmailListingKinds", verdict: "holds", seen: `${listed.length} listing(s), known kinds only` };
}

function teamsVerdict(hostings: HostingFinding[]): Finding {
  const teams = listedKinds(hostings, "webmail").includes("team_access");
  return teams
    ? { id: "teamAccessItem", verdict: "holds", seen: "team accesses listed as team_access items" }
    : { id: "teamAccessItem", verdict: "not checked", seen: "no team access on the mailboxes read" };
}

function legacyVerdict(hostings: HostingFinding[]): Finding {
  const legacy = hostings.filter((h) => h.family === "legacy" && h.listing);
  if (legacy.length === 0)
    return { id: "legacyListingOptionalFields", verdict: "not checked", seen: "no legacy listing read" };
  const omitted = [...new Set(legacy.flatMap((h) => h.listing?.omitted ?? []))];
  return omitted.length > 0
    ? {
        id: "legacyListingOptionalFields",
        verdict: "differs",
        seen: `the listing left out: ${omitted.join(", ")}`,
      }
    : { id: "legacyListingOptionalFields", verdict: "holds", seen: `${legacy.length} listing(s) with both` };
}

function flagVerdict(hostings: HostingFinding[]): Finding {
  const mailboxes = hostings.reduce((n, h) => n + h.mailboxes, 0);
  if (mailboxes === 0) return { id: "restrictedLoginIdentifier", verdict: "not checked", seen: "no mailbox" };
  const shown = hostings.reduce((n, h) => n + h.shareFlagShown, 0);
  return shown === mailboxes
    ? {
        id: "restrictedLoginIdentifier",
        verdict: "holds",
        seen: `${mailboxes} mailbox(es), each with the flag`,
      }
    : {
        id: "restrictedLoginIdentifier",
        verdict: "differs",
        seen: `${mailboxes - shown} of ${mailboxes} mailbox(es) without the flag`,
      };
}

function rateVerdict(headers: Record<string, string>): Finding {
  const names = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return names.length > 0
    ? { id: "rateLimit", verdict: "differs", seen: `rate-limit headers sent: ${names.join(", ")}` }
    : { id: "rateLimit", verdict: "holds", seen: "no rate-limit headers in the answers" };
}
