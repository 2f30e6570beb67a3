import { z } from "zod";

const Count = z.number().int().nonnegative();
const Mib = z.number().nonnegative().nullable();

export const OperationFigures = z.object({
  operation: z.string(),
  wallMs: Count,
  reads: Count,
  writes: Count,
  status429: Count,
  /** CPU time of the benchmark's own process, which runs only the simulator during an operation. */
  simulatorCpuMs: Count,
  changes: z.record(z.string(), z.number()),
  programPeakRssMb: Mib,
  providerPeakRssMb: Mib,
});
export type OperationFigures = z.infer<typeof OperationFigures>;

/** One of the four operations measured on both stacks, with the baseline's figures beside ours. */
export const ComparedOperation = OperationFigures.extend({
  baselineWallMs: Count,
  baselineProgramPeakRssMb: Mib,
  baselineRatio: z.number(),
});
export type ComparedOperation = z.infer<typeof ComparedOperation>;

/** The same organisation split into several stacks, each `up` cold, some at once: docs/performance.md's option 2. */
export const SplitFigures = OperationFigures.extend({ stacks: Count, atOnce: Count });
export type SplitFigures = z.infer<typeof SplitFigures>;

export const SizeResults = z.object({
  scale: z.number().positive(),
  size: z.object({ mailboxes: Count, members: Count, grants: Count, invitations: Count }),
  resources: Count,
  checkpoints: z.boolean(),
  /** Engine settings from the environment that change how state is saved (`PULUMI_DIY_BACKEND_ZSTD`, …). */
  engineSettings: z.record(z.string(), z.string()).default({}),
  readBound: Count,
  operations: z.array(ComparedOperation),
  /** The largest program process of the four operations, ours and the baseline's. */
  programPeakRssMb: Mib,
  baselineProgramPeakRssMb: Mib,
  programRssMbPer1000Resources: z.number().nullable(),
  serializedProviderBytes: Count,
  stateBytes: Count,
  stateBytesPerResource: Count,
  /** The command-line jobs on the same organisation, measured at the first size only. */
  jobs: z
    .object({
      export: OperationFigures,
      adoptExported: OperationFigures,
      report: z.object({ events: Count, reportMs: Count, facts: Count }),
    })
    .nullable(),
  /** Above 1×: the organisation as that many stacks of the default size (null at 1×, or not measured). */
  splitColdUp: SplitFigures.nullable().default(null),
});
export type SizeResults = z.infer<typeof SizeResults>;

export const RateLimitedResults = z.object({
  ratePerMinute: Count,
  latencyMs: Count,
  operations: z.array(OperationFigures.extend({ floorMs: Count })),
  /** A cold `up` at this size under the limit, projected from the limited operations' cost per request. */
  coldUpProjection: z.object({ requests: Count, floorMs: Count, projectedMs: Count }),
});
export type RateLimitedResults = z.infer<typeof RateLimitedResults>;

export const BenchResults = z.object({
  date: z.string(),
  machine: z.object({ cpus: Count, memoryGb: z.number(), node: z.string(), pulumi: z.string() }),
  sizes: z.array(SizeResults),
  rateLimited: RateLimitedResults.nullable(),
});
export type BenchResults = z.infer<typeof BenchResults>;
