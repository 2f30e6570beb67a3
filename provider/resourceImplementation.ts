import type * as pulumi from "@pulumi/pulumi";

/**
 * What one resource kind implements inside the provider process. Property bags arrive as `unknown`
 * (the engine's plain JSON, plus the reserved `__provider` key) and every implementation parses them
 * with its zod schema before use.
 */
export interface ResourceImplementation {
  check(olds: unknown, news: unknown): Promise<pulumi.dynamic.CheckResult>;
  diff(id: string, olds: unknown, news: unknown): Promise<pulumi.dynamic.DiffResult>;
  create(inputs: unknown): Promise<pulumi.dynamic.CreateResult>;
  read(id: string, props: unknown): Promise<pulumi.dynamic.ReadResult>;
  update(id: string, olds: unknown, news: unknown): Promise<pulumi.dynamic.UpdateResult>;
  delete(id: string, props: unknown): Promise<void>;
}
