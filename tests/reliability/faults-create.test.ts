import { FAULTS, runCell } from "./faultMatrix";

describe("create under faults, through the real engine", () => {
  it.each(FAULTS)("%s: fails clearly or succeeds, and a plain re-run converges", async (fault) => {
    const result = await runCell("create", fault);
    process.stdout.write(`fault matrix | create | ${fault} | ${result.outcome} | converged\n`);
    expect(result.converged).toBe(true);
  });
});
