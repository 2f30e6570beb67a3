import { join } from "node:path";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import organisationProgram from "../../examples/organisations";
import { InfomaniakClient } from "../../provider/api/client";
import { buildPermissionReport } from "../../cli/report/permissionReport";
import { parsePreviewOutput } from "../../cli/shared/previewSteps";
import type { EngineStack } from "../support/engineStack";
import { simulatorStack, writeCount } from "../support/engineStack";
import type { TestSimulator } from "../support/simulator";
import { startTestSimulator, testSettings } from "../support/simulator";

const ACME_SPEC = join(__dirname, "../../examples/organisations/clients/acme/organisation.yaml");
const LEGACY_SPEC = join(__dirname, "../../examples/organisations/clients/legacy-gmbh/organisation.yaml");

/** Accesses and live links of a mailbox in the simulator, as `email permission…` lines. */
async function sharingOf(sim: TestSimulator, hosting: number, mailbox: string) {
  const state = await sim.admin.state();
  const email = (userId: number) => state.users.find((u) => u.id === userId)?.email ?? `#${userId}`;
  const granted = (p: Record<string, boolean>) =>
    Object.entries(p)
      .filter(([, on]) => on)
      .map(([name]) => name)
      .sort()
      .join(",");
  return {
    accesses: state.accesses
      .filter((a) => a.mailHostingId === hosting && a.mailboxName === mailbox)
      .map((a) => `${email(a.userId)} ${granted(a.permissions)}`)
      .sort(),
    links: state.mailboxInvitations
      .filter((i) => i.mailHostingId === hosting && i.mailboxName === mailbox && i.status === "pending")
      .map((i) => i.sentTo)
      .sort(),
  };
}

describe("an organisation spec file through the real engine (examples/organisations)", () => {
  let sim: TestSimulator;
  let engine: EngineStack;

  beforeAll(async () => {
    sim = await startTestSimulator();
    engine = await simulatorStack(sim, "organisation-spec", () => {
      organisationProgram(ACME_SPEC);
      organisationProgram(LEGACY_SPEC);
    });
  });
  afterAll(async () => {
    engine.remove();
    await sim.stop();
  });

  it("applies two clients' specs (acme: 3 mailboxes, 5 members, 2 external invitations)", async () => {
    const up = await engine.stack.up({ color: "never" });
    expect(up.summary.result).toBe("succeeded");
    // acme: 5 members, 5 grants, 2 invitations, 2 policies; legacy: 3 members, 2 grants; 2 components; the stack.
    expect(up.summary.resourceChanges).toEqual({ create: 22 });

    expect(await sharingOf(sim, 10, "support")).toEqual({
      accesses: [
        "bruno@acme.example can_access_logs,can_configure_mail_folders,can_manage_aliases,can_manage_auto_reply,can_manage_filters,can_manage_redirections,can_manage_rules,can_manage_signatures,can_restore_emails",
        "chloe@acme.example can_configure_mail_folders,can_manage_aliases,can_manage_auto_reply,can_manage_filters,can_manage_signatures",
      ],
      links: ["accountant@numbers.example"],
    });
    expect(await sharingOf(sim, 10, "sales")).toEqual({
      accesses: ["alice@acme.example can_manage_filters,can_manage_signatures"],
      links: [],
    });
    expect(await sharingOf(sim, 10, "invoices")).toEqual({
      accesses: ["david@acme.example "],
      links: ["auditor@audit.example"],
    });
    const state = await sim.admin.state();
    // Emma is invited; her grant on invoices@ rides on the invitation.
    expect(
      state.accountInvitations
        .filter((i) => i.status === "pending")
        .map((i) => [i.accountId, i.email, i.mailboxes.map((m) => m.mailboxName)]),
    ).toEqual([[100, "emma@acme.example", ["invoices"]]]);
    // Legacy family: the grant to Fabio is an invitation bound to his address.
    expect(await sharingOf(sim, 20, "info")).toEqual({ accesses: [], links: ["fabio@legacy.example"] });

    const names = (await engine.exportedState()).resources.map((r) => r.urn.split("::").pop());
    expect(names).toEqual(
      expect.arrayContaining([
        "acme/member/emma@acme.example",
        "acme/support/grant/bruno@acme.example",
        "acme/support/invitation/accountant@numbers.example",
        "acme/support/policy",
        "legacy-gmbh/info/grant/fabio@legacy.example",
      ]),
    );
  });

  it("previews no changes the second time, with no write", async () => {
    await sim.admin.resetRequests();
    const preview = await engine.stack.preview({ color: "never" });
    expect(preview.changeSummary).toEqual({ same: 22 });
    expect(await writeCount(sim)).toBe(0);
  });

  it("turns the grant on an invitation into an access when the person joins", async () => {
    const grant = async () =>
      (await engine.exportedState()).resources.find((r) =>
        r.urn.endsWith("::acme/invoices/grant/emma@acme.example"),
      )?.outputs;
    expect(await grant()).toMatchObject({ status: "invited", userId: null });
    const invitation = (await sim.admin.state()).accountInvitations.find(
      (i) => i.email === "emma@acme.example",
    );
    await sim.admin.accountInvitation(invitation?.id ?? 0, "accept");

    await engine.stack.refresh({ color: "never" });
    const emma = (await sim.admin.state()).users.find((u) => u.email === "emma@acme.example");
    expect(await grant()).toMatchObject({ status: "active", userId: emma?.id });
    expect((await sharingOf(sim, 10, "invoices")).accesses).toContain(
      "emma@acme.example can_configure_mail_folders,can_manage_auto_reply,can_manage_filters,can_manage_signatures",
    );
    const preview = await engine.stack.preview({ color: "never" });
    expect(preview.changeSummary).toEqual({ same: 22 });
  });

  it("report-only lists what it would revoke and keeps it; authoritative revokes it", async () => {
    const client = new InfomaniakClient(testSettings(sim.url));
    const david = { userId: 4, email: "david@acme.example", firstName: "David", lastName: "Weber" };
    // Given in the Manager, outside the spec: sales@ is report-only, support@ authoritative.
    await client.mailboxAccesses.grant({ mailHostingId: 10, mailboxName: "sales" }, david, {}, "fr");
    await client.mailboxAccesses.grant({ mailHostingId: 10, mailboxName: "support" }, david, {}, "fr");
    await client.close();

    const events: EngineEvent[] = [];
    await engine.stack.preview({ color: "never", onEvent: (e) => events.push(e) });
    const facts = buildPermissionReport(
      parsePreviewOutput(events.map((e) => JSON.stringify(e)).join("\n"), "events"),
      "2026-11-28",
    ).facts.map((f) => `${f.kind} ${f.mailbox} ${f.who}`);
    expect(facts).toEqual([
      "unmanaged sales@acme.example david@acme.example",
      "loses support@acme.example david@acme.example",
    ]);

    await engine.stack.up({ color: "never" });
    expect((await sharingOf(sim, 10, "sales")).accesses).toContain("david@acme.example ");
    expect((await sharingOf(sim, 10, "support")).accesses.join()).not.toContain("david@");
    const policy = (await engine.exportedState()).resources.find((r) =>
      r.urn.endsWith("::acme/sales/policy"),
    );
    expect(policy?.outputs?.["unmanaged"]).toEqual([
      expect.objectContaining({ email: "david@acme.example" }),
    ]);
  });
});
