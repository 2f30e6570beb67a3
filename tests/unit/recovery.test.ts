import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  parseRecovery,
  readRecoveryFile,
  recoveryAdopts,
  recoveryInForce,
  soleRecoveryInForce,
  writeRecoveryFile,
} from "../../provider/fields/recovery";
import { git, initRepository } from "../support/gitRepo";
import { makeTempDir } from "../support/tempDir";
import { LINK_LIFETIME_SECONDS, unsentLinkSince } from "../../provider/links";

const STARTED = "2026-11-30T10:00:00.000Z";
const setting = {
  interruptedAt: STARTED,
  until: "2026-12-01T10:00:00.000Z",
  adopt: [
    "urn:pulumi:dev::clients::infomaniak:index:Organisation$pulumi-nodejs:dynamic/infomaniak:MailboxAccess::acme/support/grant/bruno@acme.example",
  ],
};

describe("the recovery setting recover leaves", () => {
  it("reads what recover writes, and refuses anything else with the way out", () => {
    expect(parseRecovery(JSON.stringify(setting))).toEqual(setting);
    expect(parseRecovery(undefined)).toBeUndefined();
    expect(() => parseRecovery("{not json")).toThrow(/pulumi config rm infomaniak:recovery/);
    expect(() => parseRecovery(JSON.stringify({ ...setting, extra: 1 }))).toThrow(/run it again/);
  });

  it("adopts exactly the resources it lists, by type and name, and only until its end", () => {
    const read = parseRecovery(JSON.stringify(setting));
    if (!read) throw new Error("parsed above");
    expect(recoveryAdopts(read, "MailboxAccess", "acme/support/grant/bruno@acme.example")).toBe(true);
    expect(recoveryAdopts(read, "ExternalInvitation", "acme/support/grant/bruno@acme.example")).toBe(false);
    expect(recoveryAdopts(read, "MailboxAccess", "support/grant/bruno@acme.example")).toBe(false);
    expect(recoveryInForce(read, Date.parse("2026-12-01T09:59:59Z"))).toBe(true);
    expect(recoveryInForce(read, Date.parse("2026-12-01T10:00:01Z"))).toBe(false);
  });
});

describe("where recover leaves the setting of a program folder's stack", () => {
  const temp = makeTempDir("recovery-file");
  afterAll(() => temp.remove());

  it("in a file git ignores: the checkout stays clean; the stack's program and the provider below it read it", () => {
    const dir = join(temp.path, "program");
    mkdirSync(join(dir, "src"), { recursive: true });
    writeFileSync(join(dir, "Pulumi.yaml"), "name: clients\nruntime: nodejs\n");
    writeFileSync(join(dir, "Pulumi.dev.yaml"), "config: {}\n");
    initRepository(dir);
    writeRecoveryFile(dir, "dev", setting);
    expect(git(dir, "status", "--porcelain", "--untracked-files=all")).toBe("");
    expect(parseRecovery(readRecoveryFile(dir, "dev"))).toEqual(setting);
    expect(readRecoveryFile(dir, "prod")).toBeUndefined();
    // The provider process is not told the stack: the folder's one setting in force, from a subfolder too.
    const during = Date.parse("2026-12-01T09:00:00Z");
    expect(soleRecoveryInForce(join(dir, "src"), during)).toEqual(setting);
    expect(soleRecoveryInForce(dir, Date.parse("2026-12-02T00:00:00Z"))).toBeUndefined();
    // Two stacks recovering at once: neither is guessed (the unsent link is left to a person).
    writeRecoveryFile(dir, "prod", setting);
    expect(soleRecoveryInForce(dir, during)).toBeUndefined();
  });

  it("none for the provider in a folder of several stacks: another client's run would read it", () => {
    const dir = join(temp.path, "clients");
    mkdirSync(dir);
    writeFileSync(join(dir, "Pulumi.yaml"), "name: clients\nruntime: nodejs\n");
    writeFileSync(join(dir, "Pulumi.acme.yaml"), "config: {}\n");
    writeRecoveryFile(dir, "acme", setting);
    const during = Date.parse("2026-12-01T09:00:00Z");
    expect(soleRecoveryInForce(dir, during)).toEqual(setting);
    // A second client's stack file: acme's setting is no longer the provider's to read.
    writeFileSync(join(dir, "Pulumi.legacy-gmbh.yaml"), "config: {}\n");
    expect(soleRecoveryInForce(dir, during)).toBeUndefined();
    // The program, which knows its stack, still reads its own.
    expect(parseRecovery(readRecoveryFile(dir, "acme"))).toEqual(setting);
  });
});

describe("the link an interrupted run created but never e-mailed", () => {
  const link = (key: string, createdAt: number, sentTo = "", rights = "readOnly") => ({
    key,
    sentTo,
    rights,
    permissions: {},
    expiresAt: createdAt + LINK_LIFETIME_SECONDS,
  });
  const readOnly = (l: { rights: string }) => l.rights === "readOnly";
  const now = Date.now() / 1000;
  const started = new Date((now - 60) * 1000).toISOString();

  it("is taken when exactly one link fits: no recipient, the declared rights, made since the run started", () => {
    const links = [
      link("sent", now - 10, "someone@x.example"),
      link("older", now - 3_600),
      link("other-rights", now - 10, "", "manager"),
      link("fits", now - 10),
    ];
    expect(unsentLinkSince(links, readOnly, started)?.key).toBe("fits");
  });

  it("is left to a person when none or several fit", () => {
    expect(unsentLinkSince([link("older", now - 3_600)], readOnly, started)).toBeUndefined();
    expect(unsentLinkSince([link("a", now - 10), link("b", now - 5)], readOnly, started)).toBeUndefined();
    // A dead link is nobody's: expired ones never fit.
    const longAgo = "2025-01-01T00:00:00.000Z";
    expect(unsentLinkSince([link("dead", Date.parse(longAgo) / 1000)], readOnly, longAgo)).toBeUndefined();
  });
});
