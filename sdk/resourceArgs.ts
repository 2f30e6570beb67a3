import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { ConnectionArgs } from "./infomaniakResource";

/**
 * A declared value as a program may give it: any part of it may be an output of another resource
 * (not distributed over a union: an output of `number | null` is one value).
 */
export type DeepInput<T> = [T] extends [readonly (infer E)[]]
  ? pulumi.Input<DeepInput<E>[]>
  : [T] extends [Record<string, unknown>]
    ? pulumi.Input<{ [K in keyof T]: DeepInput<T[K]> }>
    : pulumi.Input<T>;

/**
 * A kind's arguments, from what its schema declares (`z.input`: a field with a default is optional),
 * with `Typed` giving some fields a richer type than the schema's (rights by their names).
 */
export type ArgsOf<
  Declared extends z.ZodType,
  Typed extends { [K in keyof z.input<Declared>]?: unknown } = object,
> = ConnectionArgs &
  Omit<{ [K in keyof z.input<Declared>]: DeepInput<Exclude<z.input<Declared>[K], undefined>> }, keyof Typed> &
  Typed;
