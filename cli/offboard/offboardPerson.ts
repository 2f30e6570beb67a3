import { isMap, isSeq, parseDocument } from "yaml";
import { emailKey } from "../../provider/people";
import { parseOrganisationSpec } from "../../sdk/organisationSpec/load";
import { hostingEntries } from "../../sdk/organisationSpec/schema";

/** What offboarding one person did to one spec file, and what its next preview will show. */
export interface Offboarding {
  file: string;
  /** Whether the spec names the person: as a member (active or already removed), as a guest only, or not. */
  found: "member" | "already removed" | "guest" | "absent";
  /** The spec's new text (comments and layout kept), when the person was an active member in it. */
  text: string | undefined;
  /** One line per change the next preview shows, or why nothing changes. */
  effects: string[];
  /** Every address the spec names (members and guests): what a mistyped address is compared with. */
  addresses: string[];
}

/**
 * Sets `state: removed` on the person's entry in a spec's members (the `yaml` document API keeps
 * every comment and the layout), and says what the preview will show: each grant revoked, the
 * membership leaving the stack with the Manager step. A spec that does not name them is left alone.
 */
export function offboardInSpec(text: string, file: string, person: string): Offboarding {
  const spec = parseOrganisationSpec(text, file);
  const key = emailKey(person);
  const member = spec.members.find((m) => emailKey(m.email) === key);
  const mailboxes = hostingEntries(spec).flatMap((h) => h.mailboxes);
  const guestOn = mailboxes
    .filter((m) => m.invitations.some((i) => emailKey(i.email) === key))
    .map((m) => m.name);
  const guest = guestOn.map(
    (name) => `${name}: ${person} is invited as a guest there: remove the invitation to end it`,
  );
  const addresses = [
    ...spec.members.map((m) => m.email),
    ...mailboxes.flatMap((m) => m.invitations.map((i) => i.email)),
  ];
  const unchanged = { file, text: undefined, addresses };
  if (!member)
    return guest.length > 0
      ? { ...unchanged, found: "guest", effects: guest }
      : { ...unchanged, found: "absent", effects: [`${person} is not a member here`] };
  if (member.state === "removed")
    return { ...unchanged, found: "already removed", effects: [`${person} is already removed here`] };
  const doc = parseDocument(text);
  const members = doc.get("members");
  const entry = isSeq(members)
    ? members.items.find((item) => isMap(item) && emailKey(String(item.get("email"))) === key)
    : undefined;
  if (!isMap(entry)) throw new Error(`${file}: the entry of ${person} in members could not be edited`);
  entry.set("state", "removed");
  // No line width: a flow mapping written on one line stays on one line.
  const edited = doc.toString({ lineWidth: 0 });
  parseOrganisationSpec(edited, file);
  const grants = mailboxes.filter((m) => m.grants.some((g) => emailKey(g.member) === key)).map((m) => m.name);
  return {
    file,
    found: "member",
    text: edited,
    addresses,
    effects: [
      ...grants.map((name) => `${name}: ${person}'s grant is revoked`),
      ...guest,
      `${person} leaves the stack but stays a member of organisation ${spec.organisation.accountId} until removed in the Manager (Users and rights)`,
    ],
  };
}

/** Levenshtein's distance between two addresses, case aside: how many letters a typo changed. */
function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (const [i, ca] of [...a].entries()) {
    const next = [i + 1];
    for (const [j, cb] of [...b].entries())
      next.push(Math.min((row[j + 1] ?? 0) + 1, (next[j] ?? 0) + 1, (row[j] ?? 0) + (ca === cb ? 0 : 1)));
    row = next;
  }
  return row[b.length] ?? 0;
}

/** The addresses within two typos of `person`, closest first (at most three): a "did you mean". */
export function closestAddresses(person: string, addresses: readonly string[]): string[] {
  const key = emailKey(person);
  const near = [...new Set(addresses.map(emailKey))]
    .map((address) => ({ address, distance: editDistance(key, address) }))
    .filter((a) => a.distance > 0 && a.distance <= 2)
    .sort((x, y) => x.distance - y.distance || x.address.localeCompare(y.address));
  return near.slice(0, 3).map((a) => a.address);
}
