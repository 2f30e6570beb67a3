import { existsSync } from "node:fs";
import { join } from "node:path";
import { packageInfo } from "../../provider/packageInfo";
import { KINDS, RESOURCE_KINDS } from "../../provider/resourceKinds";
import {
  committed,
  documentedKinds,
  markers,
  REGENERATE,
  regenerated,
  resourcePages,
} from "../../tools/docs/resourcePages";

describe("the resource pages", () => {
  it.each(resourcePages().map((page) => [page.file, page] as const))(
    "%s has its tables as the schema generates them",
    (_file, page) => {
      const text = committed(page);
      expect(
        text.includes(markers(page.source).start) ? "has its markers" : `no markers: run ${REGENERATE}`,
      ).toBe("has its markers");
      expect(text === regenerated(page, text) ? "up to date" : `out of date: run ${REGENERATE}`).toBe(
        "up to date",
      );
    },
  );

  it("documents every kind with a contract, and only the probe has none", () => {
    expect(RESOURCE_KINDS.filter((kind) => !documentedKinds().includes(kind))).toEqual(["engineProbe"]);
    for (const kind of documentedKinds())
      expect(existsSync(join(packageInfo().root, `docs/resources/${kind}.md`))).toBe(true);
  });

  it("has a stub module for every kind, as the state names it", () => {
    for (const kind of RESOURCE_KINDS)
      expect(
        existsSync(join(packageInfo().root, `sdk/stubs/${kind}.ts`)) ? kind : `no sdk/stubs/${kind}.ts`,
      ).toBe(kind);
  });

  it("gives every kind a role, and only grants, invitations and policies share a mailbox", () => {
    const sharing = RESOURCE_KINDS.filter((kind) => KINDS[kind].sharesMailbox).map(
      (kind) => KINDS[kind].role,
    );
    expect(sharing.sort()).toEqual(["grant", "invitation", "policy"]);
  });
});
