import { isMap, isSeq, parseDocument } from "yaml";
import { emailKey } from "../provider/people";
import { parseOrganisationSpec } from "../sdk/organisationSpec/load";
import { hostingEntries } from "../sdk/organisationSpec/schema";

/** What offboarding one person did to one spec file, and what its next preview will show. */
export interface Offboarding {
  file: string;
  /** The spec's new text (comments and layout kept), when the person was an active member in it. */
  text: string | undefined;
  /** One line per change the next preview shows, or why nothing changes. */
  effects: string[];
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
  if (!member)
    return {
      file,
      text: undefined,
      effects: [...guest, ...(guest.length ? [] : [`${person} is not in this spec`])],
    };
  if (member.state === "removed")
    return { file, text: undefined, effects: [`${person} is already removed here`] };
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
    text: edited,
    effects: [
      ...grants.map((name) => `${name}: ${person}'s grant is revoked`),
      ...guest,
      `${person} leaves the stack but stays a member of organisation ${spec.organisation.accountId} until removed in the Manager (Users and rights)`,
    ],
  };
}
