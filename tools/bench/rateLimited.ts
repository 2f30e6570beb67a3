import type { SimulatorAdmin } from "../../simulator";
import { measure, operationsOn } from "./measure";
import type { OperationFigures, RateLimitedResults } from "./results";
import type { Stacks } from "./stacks";

/**
 * The operations again with the simulator's limit at the API's rate and a latency per request, on
 * the stack the cold `up` built: each with its floor (requests ÷ rate). A cold `up` under the limit
 * would take many minutes; it is projected from the measured cost per request instead of run.
 */
export async function measureRateLimited(
  stacks: Stacks,
  admin: SimulatorAdmin,
  coldUp: OperationFigures,
  ratePerMinute: number,
  latencyMs: number,
): Promise<RateLimitedResults> {
  await admin.setRateLimit(ratePerMinute, 60_000);
  await admin.setFaults({ latencyMs });
  const { stack } = stacks.provider;
  await stack.setConfig("infomaniak:requestsPerMinute", { value: String(ratePerMinute) });
  const total = stacks.resources + 2;
  const on = operationsOn(stack);
  const figures: OperationFigures[] = [];
  figures.push(await measure("no-change preview (limited)", admin, total, on.preview));
  // A refresh configures the provider with the settings recorded at the last `up` (here the
  // unlimited ones) unless it runs the program: as users are told to after a settings change.
  figures.push(await measure("no-change refresh (limited)", admin, total, on.refresh(true)));
  stacks.changeTen("provider");
  figures.push(await measure("10-grant change up (limited)", admin, total, on.up));
  const floorMs = (requests: number) => Math.round((requests / ratePerMinute) * 60_000);
  const requests = (f: OperationFigures) => f.reads + f.writes;
  const msPerRequest =
    figures.reduce((n, f) => n + f.wallMs, 0) /
    Math.max(
      1,
      figures.reduce((n, f) => n + requests(f), 0),
    );
  return {
    ratePerMinute,
    latencyMs,
    operations: figures.map((f) => ({ ...f, floorMs: floorMs(requests(f)) })),
    coldUpProjection: {
      requests: requests(coldUp),
      floorMs: floorMs(requests(coldUp)),
      projectedMs: Math.round(requests(coldUp) * msPerRequest),
    },
  };
}
