import { ExternalInvitation, MailboxAccess } from "pulumi-infomaniak-mailbox";
import type { ExternalInvitationArgs, MailboxAccessArgs } from "pulumi-infomaniak-mailbox";
import { InfomaniakClient } from "../../provider/api/client";
import type { EngineStack } from "../support/engineStack";
import { simulatorStack, writeCount } from "../support/engineStack";
import type { TestSimulator } from "../support/simulator";
import { TOKENS, startTestSimulator, testSettings } from "../support/simulator";

export interface Family {
  family: "webmail" | "legacy";
  mailHostingId: number;
  domain: string;
  mailbox: string;
  otherMailbox: string;
  members: [{ userId: number; email: string }, { userId: number; email: string }];
  /** An access the seed has and the stack must leave alone (then adopt, in its own stack). */
  seeded: { mailbox: string; userId: number; email: string; permissions: Record<string, boolean> };
}

type Grant = MailboxAccessArgs & { name: string };
type Guest = ExternalInvitationArgs & { name: string };

const LIST_ROUTE: Record<Family["family"], string> = {
  webmail: "/1/mail_hostings/{service_mail}/mailboxes/{mailbox_name}/accesses/webmail",
  legacy: "/1/mail_hostings/{mail_hosting_id}/mailboxes/{mailbox_name}/users",
};

/**
 * The resources' whole life through the real engine against the simulator, for one access family:
 * create, no-change preview, in-place update, replacement, out-of-band drift, refresh failures,
 * secrets in state, destroy, and adoption.
 */
export function describeFamily(f: Family): void {
  describe(`MailboxAccess and ExternalInvitation on the ${f.family} family`, () => {
    let sim: TestSimulator;
    let engine: EngineStack;
    let client: InfomaniakClient;
    const [m1, m2] = f.members;
    const target = { mailHostingId: f.mailHostingId, mailboxName: f.mailbox };
    let grants: Grant[];
    let guests: Guest[];

    const program = () => {
      for (const { name, ...args } of grants) new MailboxAccess(name, args);
      for (const { name, ...args } of guests) new ExternalInvitation(name, args);
    };
    const stateOf = async (name: string) =>
      (await engine.exportedState()).resources.find((r) => r.urn.endsWith(`::${name}`));
    const sharing = () => new InfomaniakClient(testSettings(sim.url)).mailboxAccesses.sharing(target);

    beforeAll(async () => {
      sim = await startTestSimulator();
      client = new InfomaniakClient(testSettings(sim.url));
      grants = [
        {
          name: "grant-a",
          mailHostingId: f.mailHostingId,
          mailbox: `${f.mailbox}@${f.domain}`,
          userEmail: m1.email,
          preset: "delegate",
        },
        {
          name: "grant-b",
          mailHostingId: f.mailHostingId,
          mailbox: f.mailbox,
          userId: m2.userId,
          permissions: { can_manage_filters: true },
        },
      ];
      guests = [
        {
          name: "guest-accepts",
          mailHostingId: f.mailHostingId,
          mailbox: f.mailbox,
          email: "accepts@outside.example",
          preset: "readOnly",
        },
        {
          name: "guest-report",
          mailHostingId: f.mailHostingId,
          mailbox: f.mailbox,
          email: "report@outside.example",
          onExpiry: "report",
        },
        {
          name: "guest-reinvite",
          mailHostingId: f.mailHostingId,
          mailbox: f.mailbox,
          email: "reinvite@outside.example",
          onExpiry: "reinvite",
          language: "de",
        },
      ];
      engine = await simulatorStack(sim, `family-${f.family}`, program);
    });
    afterAll(async () => {
      engine.remove();
      await client.close();
      await sim.stop();
    });

    it("up creates exactly the declared accesses and invitations", async () => {
      const up = await engine.stack.up();
      expect(up.summary.resourceChanges).toEqual({ create: 6 });
      const state = await sim.admin.state();
      const links = state.mailboxInvitations.filter(
        (i) => i.mailboxName === f.mailbox && i.status === "pending",
      );
      const sentTo = links.map((i) => i.sentTo).sort();
      if (f.family === "webmail") {
        const accesses = state.accesses.filter((a) => a.mailboxName === f.mailbox);
        expect(accesses.map((a) => a.userId).sort()).toEqual([m1.userId, m2.userId].sort());
        expect(accesses.find((a) => a.userId === m1.userId)?.permissions).toMatchObject({
          can_manage_auto_reply: true,
          can_manage_filters: true,
          can_manage_rules: false,
        });
        expect(sentTo).toEqual([
          "accepts@outside.example",
          "reinvite@outside.example",
          "report@outside.example",
        ]);
      } else {
        // The legacy family has no grant route: members get an invitation bound to their address.
        expect(state.accesses.filter((a) => a.mailboxName === f.mailbox)).toEqual([]);
        expect(sentTo).toEqual(
          [
            "accepts@outside.example",
            m1.email,
            m2.email,
            "reinvite@outside.example",
            "report@outside.example",
          ].sort(),
        );
        for (const { key, sentTo: to } of links.filter(
          (l) => l.sentTo === m1.email || l.sentTo === m2.email,
        )) {
          await sim.admin.mailboxInvitation(key, "accept", { email: to });
        }
      }
      expect(state.accesses.filter((a) => a.mailboxName === f.seeded.mailbox).map((a) => a.userId)).toEqual([
        f.seeded.userId,
      ]);
    });

    it("a second preview reports no changes and writes nothing", async () => {
      if (f.family === "legacy") {
        // Members accepted their invitations: refresh shows the accesses, with no diff.
        await engine.stack.refresh();
        expect((await stateOf("grant-a"))?.outputs?.["status"]).toBe("active");
      }
      await sim.admin.resetRequests();
      const preview = await engine.stack.preview();
      expect(preview.changeSummary).toEqual({ same: 6 });
      expect(await writeCount(sim)).toBe(0);
    });

    it("reads each mailbox once per run, whatever the number of grants on it", async () => {
      await sim.admin.resetRequests();
      await engine.stack.refresh();
      const { routes } = await sim.admin.requests();
      const lists = routes.find((r) => r.method === "GET" && r.route === LIST_ROUTE[f.family]);
      expect(lists?.count).toBe(1);
    });

    it("changing one permission previews and applies exactly one in-place update", async () => {
      grants[0] = { ...grants[0]!, permissions: { can_manage_signatures: false } };
      const preview = await engine.stack.preview({ diff: true });
      expect(preview.changeSummary).toEqual({ same: 5, update: 1 });
      expect(preview.stdout).toMatch(/~ can_manage_signatures\s*: true => false/);
      const up = await engine.stack.up();
      expect(up.summary.resourceChanges).toEqual({ same: 5, update: 1 });
      const live = (await sharing()).accesses.find((a) => a.userId === m1.userId);
      expect(live?.permissions).toMatchObject({ can_manage_signatures: false, can_manage_filters: true });
    });

    it("changing a grant's mailbox previews a replacement", async () => {
      const before = grants[1]!;
      grants[1] = { ...before, mailbox: f.otherMailbox };
      const preview = await engine.stack.preview({ diff: true });
      expect(preview.changeSummary).toEqual({ same: 5, replace: 1 });
      grants[1] = before;
    });

    it("refresh tells the truth about changes made outside the stack", async () => {
      await client.mailboxAccesses.revoke(target, m2.userId);
      await client.mailboxAccesses.update(target, m1.userId, { can_manage_security: true });
      const links = (await sim.admin.state()).mailboxInvitations.filter((i) => i.status === "pending");
      const link = (email: string) => links.find((i) => i.sentTo === email)?.key ?? "";
      await sim.admin.mailboxInvitation(link("accepts@outside.example"), "accept");
      await sim.admin.mailboxInvitation(link("report@outside.example"), "expire");
      await sim.admin.mailboxInvitation(link("reinvite@outside.example"), "expire");

      const refresh = await engine.stack.refresh();
      expect(refresh.summary.resourceChanges).toMatchObject({ delete: 1 });
      expect(await stateOf("grant-b")).toBeUndefined();
      expect((await stateOf("grant-a"))?.outputs?.["permissions"]).toMatchObject({
        can_manage_security: true,
        can_manage_filters: false,
      });
      const accepted = await stateOf("guest-accepts");
      expect(accepted?.outputs).toMatchObject({
        status: "accepted",
        acceptedUserId: expect.any(Number) as unknown,
      });
      expect((await stateOf("guest-report"))?.outputs?.["status"]).toBe("expired");
      expect((await stateOf("guest-reinvite"))?.outputs?.["status"]).toBe("expired");

      // revoked: recreated; edited: the difference; accepted: no diff; expired: by policy.
      const preview = await engine.stack.preview({ diff: true });
      expect(preview.changeSummary).toEqual({ create: 1, update: 1, replace: 1, same: 3 });
      expect(preview.stdout).toMatch(/~ can_manage_security\s*: true => false/);
      // The provider's warning reaches the engine's diagnostics.
      expect(preview.stderr).toContain('onExpiry is "report", so nothing is re-sent');

      await engine.stack.up();
      const live = await sharing();
      expect(live.accesses.find((a) => a.userId === m1.userId)?.permissions).toMatchObject({
        can_manage_security: false,
      });
      const state = await sim.admin.state();
      const reinvites = state.mailboxInvitations.filter((i) => i.sentTo === "reinvite@outside.example");
      expect(reinvites.map((i) => i.status).sort()).toEqual(["cancelled", "pending"]);
      if (f.family === "webmail") expect(live.accesses.map((a) => a.userId)).toContain(m2.userId);
      expect((await engine.stack.preview()).changeSummary).toEqual({ same: 6 });
    });

    it("an API error during refresh fails the refresh and keeps every resource", async () => {
      await sim.admin.setFaults({ rules: [{ kind: "error", route: LIST_ROUTE[f.family], status: 500 }] });
      const before = (await engine.exportedState()).resources.length;
      await expect(engine.stack.refresh()).rejects.toThrow(/unexpected_error|500/);
      await sim.admin.clearFaults();
      expect((await engine.exportedState()).resources.length).toBe(before);
      expect((await engine.stack.preview()).changeSummary).toEqual({ same: 6 });
    });

    it("keeps the token out of the state and the links as secrets", async () => {
      const { resources } = await engine.exportedState();
      const everything = engine.backendText();
      expect(everything.length).toBeGreaterThan(1000);
      expect(everything.includes(TOKENS.full)).toBe(false);
      const guest = resources.find((r) => r.urn.endsWith("::guest-report"));
      expect(guest?.outputs?.["shortUrl"]).toEqual(
        expect.objectContaining({ ciphertext: expect.any(String) as unknown }),
      );
      expect(everything.includes("https://url.infomaniak.com/")).toBe(false);
    });

    it("destroy revokes exactly what the stack created, nothing seeded", async () => {
      await engine.stack.destroy();
      const state = await sim.admin.state();
      expect(state.accesses.filter((a) => a.mailboxName === f.mailbox)).toEqual([]);
      expect(state.mailboxInvitations.filter((i) => i.status === "pending")).toEqual([]);
      expect(state.accesses.filter((a) => a.mailboxName === f.seeded.mailbox).map((a) => a.userId)).toEqual([
        f.seeded.userId,
      ]);
    });

    it("adopts an existing access only when asked, then previews no changes", async () => {
      const adopt: Grant = {
        name: "adopted",
        mailHostingId: f.mailHostingId,
        mailbox: f.seeded.mailbox,
        userEmail: f.seeded.email,
        permissions: f.seeded.permissions,
      };
      grants = [adopt];
      guests = [];
      await expect(engine.stack.up()).rejects.toThrow(/set `adopt: true`/);
      await sim.admin.resetRequests();
      grants = [{ ...adopt, adopt: true }];
      const up = await engine.stack.up();
      expect(up.summary.resourceChanges).toEqual({ create: 1, same: 1 });
      expect(await writeCount(sim)).toBe(0);
      expect((await engine.stack.preview()).changeSummary).toEqual({ same: 2 });
      grants = [];
      await engine.stack.up();
    });
  });
}
