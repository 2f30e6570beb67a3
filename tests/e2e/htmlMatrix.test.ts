import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { onPath } from "../../sdk/automation/languageHost";
import { infomaniakMailbox } from "../support/pulumiCli";
import type { TestSimulator } from "../support/simulator";
import { commandEnv, startTestSimulator, withTeamAccess } from "../support/simulator";
import { makeTempDir } from "../support/tempDir";

const ROOT = join(__dirname, "../..");
const CLI = join(ROOT, "dist/cli/main.js");
/** Kept after the run: the screenshots a person looks at (`.pulumi-local/` is not committed). */
const ARTIFACTS = join(ROOT, ".pulumi-local/test-artifacts");
const run = promisify(execFile);

const chromium = onPath("chromium");
const describeWithChromium = chromium
  ? describe
  : (title: string, body: () => void) =>
      describe.skip(`${title} (skipped: no chromium on PATH; .ci/run installs Debian's package)`, body);

/** Chromium as the machine allows it here: headless, no sandbox (root), nothing fetched, a fresh profile. */
async function chromiumRun(profile: string, args: string[]): Promise<string> {
  const flags = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    `--user-data-dir=${profile}`,
  ];
  const { stdout } = await run(chromium ?? "chromium", [...flags, ...args], { maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

/** The page as Chromium rendered it (its DOM after loading), and a screenshot of it kept as an artefact. */
async function render(page: string, name: string, profile: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const screenshot = join(ARTIFACTS, `${name}.png`);
  await chromiumRun(profile, [`--screenshot=${screenshot}`, "--window-size=1400,1000", `file://${page}`]);
  expect(statSync(screenshot).size).toBeGreaterThan(5_000);
  return chromiumRun(profile, ["--dump-dom", `file://${page}`]);
}

/** The rendered matrix's cells: `person | mailbox | mark | text`. */
function cells(dom: string): string[] {
  return [
    ...dom.matchAll(
      /<td[^>]*data-person="([^"]+)" data-mailbox="([^"]+)"(?: data-mark="(\w+)")?[^>]*>(.*?)<\/td>/g,
    ),
  ]
    .filter((m) => !(m[0] ?? "").includes('class="none"'))
    .map(
      (m) =>
        `${m[1] ?? ""} | ${m[2] ?? ""} | ${m[3] ?? ""} | ${(m[4] ?? "")
          .replace(/<[^>]+>/g, " ")
          .replace(/\s+/g, " ")
          .trim()}`,
    );
}

jest.setTimeout(180_000);

describeWithChromium("the HTML pages, rendered in headless Chromium", () => {
  let sim: TestSimulator;
  const temp = makeTempDir("html");
  beforeAll(async () => {
    sim = await startTestSimulator();
    await sim.admin.replaceState(withTeamAccess(await sim.admin.state(), "support", "Support team"));
  });
  afterAll(async () => {
    temp.remove();
    await sim.stop();
  });

  it("access: a person × mailbox matrix per organisation, the rights in each cell, nothing fetched", async () => {
    const page = join(temp.path, "access.html");
    const listed = await infomaniakMailbox(
      ["access", "--format", "html", "--output", page],
      commandEnv(sim.url),
    );
    expect(listed.code).toBe(0);
    const html = readFileSync(page, "utf8");
    expect(html).not.toMatch(/<script|<link|src=|https?:\/\//);
    const dom = await render(page, "access-matrix", join(temp.path, "profile"));
    expect(dom).toContain("<h2>Acme SA (organisation 100)</h2>");
    expect(dom).toContain("<h2>Legacy GmbH (organisation 200)</h2>");
    expect(cells(dom)).toEqual(
      expect.arrayContaining([
        "alice@acme.example | sales@acme.example |  | can_manage_filters, can_manage_signatures member",
        "team 7 (Support team) | support@acme.example |  | can_manage_filters team",
        "erika@legacy.example | office@legacy.example |  | can_manage_chat, can_manage_filters member",
      ]),
    );
  });

  it("the permission report: added, removed and changed cells marked", async () => {
    const urn = (name: string) =>
      `urn:pulumi:prod::orgs::pulumi-nodejs:dynamic/infomaniak:MailboxAccess::${name}`;
    const state = (who: string, permissions: Record<string, boolean>) => ({
      urn: urn(who),
      type: "pulumi-nodejs:dynamic/infomaniak:MailboxAccess",
      inputs: {
        accountId: 100,
        mailHostingId: 10,
        mailbox: "support",
        address: "support@acme.example",
        userEmail: who,
        permissions,
      },
      outputs: {},
    });
    const step = (
      op: string,
      who: string,
      old?: Record<string, boolean>,
      next?: Record<string, boolean>,
    ) => ({
      op,
      urn: urn(who),
      ...(old ? { oldState: state(who, old) } : {}),
      ...(next ? { newState: state(who, next) } : {}),
    });
    const digest = {
      steps: [
        step("create", "david@acme.example", undefined, { can_manage_filters: true }),
        step("delete", "chloe@acme.example", { can_manage_signatures: true }),
        step(
          "update",
          "bruno@acme.example",
          { can_manage_filters: true },
          { can_manage_filters: true, can_manage_rules: true },
        ),
      ],
      changeSummary: { create: 1, delete: 1, update: 1 },
    };
    const preview = join(temp.path, "preview.json");
    writeFileSync(preview, JSON.stringify(digest));
    const page = join(temp.path, "report.html");
    await run(process.execPath, [
      CLI,
      "report",
      "--preview",
      preview,
      "--format",
      "html",
      "--output",
      page,
      "--today",
      "2026-11-29",
    ]);
    const dom = await render(page, "report-matrix", join(temp.path, "profile"));
    expect(dom).toContain("<h2>Organisation 100</h2>");
    expect(cells(dom).sort()).toEqual([
      "bruno@acme.example | support@acme.example | changed | ~ + can_manage_rules changes",
      "chloe@acme.example | support@acme.example | removed | − had: can_manage_signatures loses",
      "david@acme.example | support@acme.example | added | + can_manage_filters gains",
    ]);
  });
});
