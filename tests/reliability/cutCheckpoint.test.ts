import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { MailboxAccess } from "pulumi-infomaniak-mailbox";
import { recoverStack } from "../../cli/recover/recover";
import { simulatorStack } from "../support/engineStack";
import { startTestSimulator } from "../support/simulator";

jest.setTimeout(300_000);

/**
 * A kill during a checkpoint save, as the seeded interruption test met it (about one kill in three at
 * one kill point): the file backend's attributes file beside the checkpoint left empty, and every
 * command failing with `failed to load checkpoint: EOF`. `recover` sets it aside; the engine reads the
 * checkpoint without it.
 */
it("recover repairs a checkpoint whose attributes file a kill left empty, and the stack works again", async () => {
  const sim = await startTestSimulator();
  const engine = await simulatorStack(sim, "cut-checkpoint", () => {
    new MailboxAccess("support-bruno", {
      mailHostingId: 10,
      mailbox: "support",
      userEmail: "bruno@acme.example",
    });
  });
  try {
    await engine.stack.up({ color: "never" });
    const { url } = await engine.stack.workspace.whoAmI();
    const attrs = join(fileURLToPath(url ?? ""), ".pulumi/stacks/e2e-cut-checkpoint/test.json.attrs");
    writeFileSync(attrs, "");
    await expect(engine.stack.preview({ color: "never" })).rejects.toThrow(/failed to load checkpoint: EOF/);
    const recovery = await recoverStack(engine.stack);
    expect(recovery.repaired).toEqual({ file: attrs, lostLastStep: false });
    const preview = await engine.stack.preview({ color: "never" });
    expect(preview.changeSummary).toEqual({ same: 2 });
  } finally {
    engine.remove();
    await sim.stop();
  }
});
