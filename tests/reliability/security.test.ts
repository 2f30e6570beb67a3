import { MailboxAccess } from "pulumi-infomaniak-mailbox";
import { simulatorStack } from "../support/engineStack";
import type { TestSimulator } from "../support/simulator";
import { TOKENS, startTestSimulator } from "../support/simulator";

const grant = (): void => {
  new MailboxAccess("grant", {
    mailHostingId: 10,
    mailbox: "support",
    userEmail: "chloe@acme.example",
    preset: "delegate",
  });
};

async function failureOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error("expected the operation to fail");
}

/** Everything the engine printed and stored, searched for the token. */
describe("secrets through the real engine", () => {
  let sim: TestSimulator;
  beforeAll(async () => {
    sim = await startTestSimulator();
  });
  afterAll(() => sim.stop());

  it("the token appears in no engine output, provider message, error or state file", async () => {
    const engine = await simulatorStack(sim, "secrets", grant);
    const outputs: string[] = [];
    const collect = (r: { stdout: string; stderr: string }) => outputs.push(r.stdout, r.stderr);
    try {
      collect(await engine.stack.preview({ diff: true }));
      collect(await engine.stack.up({ diff: true }));
      await sim.admin.setFaults({ rules: [{ kind: "error", route: "*", method: "GET", count: 30 }] });
      outputs.push(await failureOf(() => engine.stack.refresh()));
      await sim.admin.clearFaults();
      collect(await engine.stack.refresh());
      collect(await engine.stack.destroy());
      outputs.push(engine.backendText());
      const everything = outputs.join("\n");
      expect(everything).toContain("unexpected_error");
      expect(everything.includes(TOKENS.full)).toBe(false);
    } finally {
      engine.remove();
    }
  });

  it("a wrong token fails with a message about the token, not a crash", async () => {
    const engine = await simulatorStack(sim, "wrong-token", grant, {
      "infomaniak:token": "wrong-token-0123456789",
    });
    try {
      const message = await failureOf(() => engine.stack.preview());
      expect(message).toContain("401 not_authorized: Missing or invalid access token");
      expect(message.includes("wrong-token-0123456789")).toBe(false);
    } finally {
      engine.remove();
    }
  });

  it("a token without a scope fails with a message naming the scope", async () => {
    const engine = await simulatorStack(sim, "mail-only", grant, { "infomaniak:token": TOKENS.mailOnly });
    try {
      const message = await failureOf(() => engine.stack.preview());
      expect(message).toContain('403 all_scopes: This method require this specific scope:"accounts"');
      expect(message).toContain("create a token in the Manager with the scopes accounts and mail");
    } finally {
      engine.remove();
    }
  });

  it("a plain-http API URL is refused unless it is loopback", async () => {
    const engine = await simulatorStack(sim, "http", grant, {
      "infomaniak:apiUrl": "http://api.infomaniak.com",
    });
    try {
      const message = await failureOf(() => engine.stack.preview());
      expect(message).toContain("uses plain http: use https");
    } finally {
      engine.remove();
    }
  });
});
