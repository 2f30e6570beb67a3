/**
 * Makes the state fixture of the package's current version (run on demand, never in CI; a version's
 * fixture is made once, with that version, and kept):
 *
 *   npx jest --testMatch '**\/stateCompatibility/makeFixture.ts'
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { simulatorStack } from "../../support/engineStack";
import { startTestSimulator } from "../../support/simulator";
import { FIXTURE_STACK, fixtureProgram } from "./program";

const ROOT = join(__dirname, "../../..");
const version = z
  .object({ version: z.string() })
  .parse(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")));
const dir = join(__dirname, `v${version.version}`);
const ACCEPTED = ["accountant@numbers.example", "fabio@legacy.example", "books@advisor.example"];
const YEAR_S = 365 * 24 * 3600;

jest.setTimeout(600_000);

it(`makes the state fixture of v${version.version}`, async () => {
  if (existsSync(dir)) throw new Error(`${dir} exists: a version's fixture is made once`);
  mkdirSync(dir);
  for (const client of ["acme", "legacy-gmbh"])
    copyFileSync(
      join(ROOT, `examples/organisations/clients/${client}/organisation.yaml`),
      join(dir, `${client}.yaml`),
    );
  const sim = await startTestSimulator();
  // Links made 20 years ahead on the simulator's clock stay live (for the provider too) for as long.
  await sim.admin.advanceClock(20 * YEAR_S);
  const engine = await simulatorStack(sim, FIXTURE_STACK, () => fixtureProgram(dir));
  try {
    expect((await engine.stack.up({ color: "never" })).summary.result).toBe("succeeded");
    // Accepted: Emma's invitation into acme (her grant rode on it) and three links, one per kind.
    const before = await sim.admin.state();
    const emma = before.accountInvitations.find((i) => i.email === "emma@acme.example");
    if (!emma) throw new Error("no invitation for emma@acme.example");
    await sim.admin.accountInvitation(emma.id, "accept");
    for (const link of before.mailboxInvitations.filter((i) => ACCEPTED.includes(i.sentTo)))
      await sim.admin.mailboxInvitation(link.key, "accept");
    await engine.stack.refresh({ color: "never" });
    const preview = await engine.stack.preview({ color: "never" });
    expect(Object.keys(preview.changeSummary)).toEqual(["same"]);
    writeFileSync(join(dir, "simulator.json"), `${JSON.stringify(await sim.admin.state(), null, 2)}\n`);
    // As the backend stores it: secrets encrypted (the Automation API's export would decrypt them).
    // Source positions and stack traces name where the checkout was: not this machine's path.
    const stored = JSON.stringify(await engine.storedDeployment(), null, 2).replaceAll(
      ROOT.slice(1),
      "checkout",
    );
    writeFileSync(join(dir, "stack.json"), `${stored}\n`);
  } finally {
    engine.remove();
    await sim.stop();
  }
});
