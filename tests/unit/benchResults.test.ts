import { readFileSync } from "node:fs";
import { join } from "node:path";
import { performanceSection, renderPerformance } from "../../tools/bench/markdown";
import { BenchResults } from "../../tools/bench/results";

const ROOT = join(__dirname, "../..");

describe("the performance figures (docs/performance.md)", () => {
  const results = BenchResults.parse(
    JSON.parse(readFileSync(join(ROOT, "tools/bench/results.json"), "utf8")),
  );

  it("are the last benchmark run's, as `npm run bench` renders them (the page cannot drift)", () => {
    const page = readFileSync(join(ROOT, "docs/performance.md"), "utf8");
    expect(performanceSection(page)).toBe(renderPerformance(results));
  });

  it("carry, for each size, the memory, stub, state and per-operation figures with their baseline", () => {
    expect(results.sizes.map((s) => s.scale)).toEqual([1, 5]);
    for (const size of results.sizes) {
      expect(size.engineSettings).toEqual({});
      // Above 1×, the same organisation split into stacks of 1× (docs/performance.md's option).
      expect(size.splitColdUp?.stacks ?? 1).toBe(size.scale);
      expect(size.checkpoints).toBe(true);
      expect(size.programPeakRssMb).not.toBeNull();
      expect(size.serializedProviderBytes).toBeGreaterThan(0);
      expect(size.stateBytesPerResource).toBeGreaterThan(0);
      expect(size.operations.map((o) => o.operation)).toEqual([
        "cold up",
        "no-change preview",
        "no-change refresh",
        "10-grant change up",
      ]);
    }
  });
});
