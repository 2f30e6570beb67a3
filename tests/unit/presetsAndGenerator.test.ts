import { generateOrganisation } from "../../tools/bench/organisation";
import { splitOrganisation } from "../../tools/bench/split";
import {
  expandPermissions,
  familyPermissions,
  permissionsOf,
  PRESET_NAMES,
} from "../../provider/permissions";
import { State } from "../../simulator/model";

describe("permission presets", () => {
  it("expand to every name of the family, explicit values winning", () => {
    const webmail = expandPermissions("webmail", "delegate", {
      can_manage_filters: false,
      can_manage_rules: true,
    });
    expect(Object.keys(webmail)).toHaveLength(11);
    expect(webmail).toMatchObject({
      can_manage_auto_reply: true,
      can_manage_filters: false,
      can_manage_rules: true,
    });
    const legacy = expandPermissions("legacy", "full", {});
    expect(Object.keys(legacy)).toHaveLength(9);
    expect(Object.values(legacy).every(Boolean)).toBe(true);
    expect(Object.values(expandPermissions("webmail", "readOnly", {})).some(Boolean)).toBe(false);
    expect(expandPermissions("webmail", "manager", {})).toMatchObject({
      can_change_password: false,
      can_restore_emails: true,
    });
  });

  /** Each preset's granted rights per family, in full: an extra or a missing right fails. */
  const GRANTED = {
    readOnly: { webmail: [], legacy: [] },
    delegate: {
      webmail: [
        "can_configure_mail_folders",
        "can_manage_auto_reply",
        "can_manage_filters",
        "can_manage_signatures",
      ],
      legacy: [
        "can_configure_mail_folders",
        "can_manage_auto_reply",
        "can_manage_filters",
        "can_manage_signatures",
      ],
    },
    manager: {
      webmail: [
        "can_access_logs",
        "can_configure_mail_folders",
        "can_manage_aliases",
        "can_manage_auto_reply",
        "can_manage_filters",
        "can_manage_redirections",
        "can_manage_rules",
        "can_manage_signatures",
        "can_restore_emails",
      ],
      legacy: [
        "can_configure_mail_folders",
        "can_manage_aliases",
        "can_manage_auto_reply",
        "can_manage_chat",
        "can_manage_filters",
        "can_manage_redirections",
        "can_manage_signatures",
      ],
    },
    full: {
      webmail: [
        "can_access_logs",
        "can_change_password",
        "can_configure_mail_folders",
        "can_manage_aliases",
        "can_manage_auto_reply",
        "can_manage_filters",
        "can_manage_redirections",
        "can_manage_rules",
        "can_manage_security",
        "can_manage_signatures",
        "can_restore_emails",
      ],
      legacy: [
        "can_change_password",
        "can_configure_mail_folders",
        "can_manage_aliases",
        "can_manage_auto_reply",
        "can_manage_chat",
        "can_manage_filters",
        "can_manage_redirections",
        "can_manage_security",
        "can_manage_signatures",
      ],
    },
  } as const;

  const cases = PRESET_NAMES.flatMap((preset) =>
    (["webmail", "legacy"] as const).map((family) => [preset, family] as const),
  );
  it.each(cases)(
    "%s on the %s family grants exactly its rights, every other one explicitly false",
    (preset, family) => {
      const expanded = expandPermissions(family, preset, {});
      const granted = Object.entries(expanded).flatMap(([name, on]) => (on ? [name] : []));
      expect(granted.sort()).toEqual([...GRANTED[preset][family]]);
      expect(Object.keys(expanded).sort()).toEqual([...permissionsOf(family)].sort());
    },
  );

  it("refuse a permission of the other family, naming it", () => {
    const result = familyPermissions("legacy", 20, undefined, {
      can_restore_emails: true,
      can_manage_chat: true,
    });
    expect(result).toEqual({
      failures: [expect.objectContaining({ property: "permissions.can_restore_emails" }) as unknown],
    });
  });
});

describe("the benchmark's organisation", () => {
  it("is a valid seed with distinct grants spread over the mailboxes", () => {
    const org = generateOrganisation({ mailboxes: 7, members: 13, grants: 60, invitations: 5 });
    expect(State.safeParse(org.seed).success).toBe(true);
    const pairs = new Set(org.grants.map((g) => `${g.mailbox}/${g.userId}`));
    expect(pairs.size).toBe(60);
    const perMailbox = new Set(org.grants.map((g) => g.mailbox));
    expect(perMailbox.size).toBe(7);
    expect(() => generateOrganisation({ mailboxes: 2, members: 2, grants: 5, invitations: 0 })).toThrow();
  });

  it("splits into stacks by contiguous ranges of mailboxes, each grant and invitation in exactly one", () => {
    const org = generateOrganisation({ mailboxes: 10, members: 13, grants: 60, invitations: 5 });
    const parts = splitOrganisation(org, 3);
    expect(parts).toHaveLength(3);
    const declared = parts.flatMap((p) => (p.kind === "organisation" ? [...p.grants, ...p.invitations] : []));
    expect(declared.map((d) => d.name).sort()).toEqual(
      [...org.grants, ...org.invitations].map((d) => d.name).sort(),
    );
    const mailboxesOf = parts.map((p) =>
      p.kind === "organisation" ? [...new Set(p.grants.map((g) => g.mailbox))] : [],
    );
    expect(mailboxesOf.map((m) => m.length)).toEqual([4, 3, 3]);
    expect(mailboxesOf.flat()).toEqual(mailboxesOf.flat().slice().sort());
  });
});
