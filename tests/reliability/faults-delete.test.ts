import { FAULTS, runCell } from "./faultMatrix";

describe("delete under faults, through the real engine", () => {
  it.each(FAULTS)("%s: fails clearly or succeeds, and a plain re-run converges", async (fault) => {
    const result = await runCell("delete", fault);
    process.stdout.write(`fault matrix | delete | ${fault} | ${result.outcome} | converged\n`);
    expect(result.converged).toBe(true);
  });
});
