import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { InfomaniakClient } from "../api/client";
import type { ResourceImplementation } from "../resourceImplementation";
import { ResourceError } from "../resources/resourceError";
import { apiClient } from "../runtime";
import { parseDeclaration } from "./declaration";
import type { CheckFailure, Unknown } from "./protocol";
import { withoutProvider } from "./protocol";

/**
 * The checked inputs a diff compares with the state: each field as `check` handed it on, or the
 * engine's unknown placeholder (an output of a resource not created yet, during preview). Where
 * `check` could not finish for such a value, fields are as the program declared them.
 */
export type Proposed<T> = { readonly [K in keyof T]?: T[K] | Unknown };

/** What `check` knew of the resource before: its last checked inputs, or nothing on the first check. */
export type Previous = Readonly<Record<string, unknown>> | undefined;

/**
 * One resource kind, typed: its three shapes (what the program declares, what `check` hands on, what
 * the state holds) and its work, on values already parsed. `defineResource` does the engine-boundary
 * work once for all kinds.
 */
export interface ResourceDefinition<Declared extends object, Checked extends object, State extends object> {
  /** The resource type's name, for messages. */
  name: string;
  /** The resource's schema module: its contract. */
  schemas: { Declared: z.ZodType<Declared>; Checked: z.ZodType<Checked>; State: z.ZodType<State> };
  /** Verifies a complete declaration against the live organisation: the checked inputs, or why not. */
  check(client: InfomaniakClient, declared: Declared, previous: Previous): Promise<Checked | CheckFailure[]>;
  diff(id: string, old: State, next: Proposed<Checked>): pulumi.dynamic.DiffResult;
  create(client: InfomaniakClient, checked: Checked): Promise<{ id: string; state: State }>;
  /** Where the resource stands now, from its stored state; undefined when it is gone. */
  read(client: InfomaniakClient, id: string, stored: State): Promise<State | undefined>;
  /**
   * A read from an id alone (a `.get()`, or stored properties that are not a state of this kind): how
   * to find the state (undefined: gone), or the advice of the error that says it cannot be done.
   */
  readById: ((client: InfomaniakClient, id: string) => Promise<State | undefined>) | { refused: string };
  update(client: InfomaniakClient, old: State, checked: Checked): Promise<State>;
  delete(client: InfomaniakClient, state: State): Promise<void>;
}

/**
 * The engine-facing implementation of a definition: strips `__provider`, parses declarations
 * (unknown values left for apply time), olds, news and stored properties, and passes the provider
 * process's one client in.
 */
export function defineResource<Declared extends object, Checked extends object, State extends object>(
  definition: ResourceDefinition<Declared, Checked, State>,
): ResourceImplementation {
  const { Declared: DeclaredSchema, Checked: CheckedSchema, State: StateSchema } = definition.schemas;
  const stateById = (client: InfomaniakClient, id: string): Promise<State | undefined> => {
    const { readById } = definition;
    if ("refused" in readById) throw ResourceError.withoutState(`${definition.name} ${id}`, readById.refused);
    return readById(client, id);
  };
  return {
    async check(olds, news) {
      const declaration = parseDeclaration(DeclaredSchema, news);
      if (declaration.kind === "invalid") return { failures: declaration.failures };
      if (declaration.kind === "partial") return { inputs: declaration.inputs };
      const previous = withoutProvider(olds);
      const result = await definition.check(
        apiClient(),
        declaration.declared,
        Object.keys(previous).length === 0 ? undefined : previous,
      );
      return Array.isArray(result) ? { failures: result } : { inputs: result };
    },
    diff(id, olds, news) {
      const old = StateSchema.parse(withoutProvider(olds));
      // News are what `check` returned: its checked inputs, or the declaration with unknowns.
      return Promise.resolve(definition.diff(id, old, withoutProvider(news) as Proposed<Checked>));
    },
    async create(inputs) {
      const { id, state } = await definition.create(
        apiClient(),
        CheckedSchema.parse(withoutProvider(inputs)),
      );
      return { id, outs: state };
    },
    async read(id, props) {
      const client = apiClient();
      const stored = StateSchema.safeParse(withoutProvider(props));
      const state = stored.success ? stored.data : await stateById(client, id);
      const live = state === undefined ? undefined : await definition.read(client, id, state);
      if (live === undefined) return { id: "" };
      return { id, props: live, inputs: CheckedSchema.parse(live) };
    },
    async update(_id, olds, news) {
      const old = StateSchema.parse(withoutProvider(olds));
      return { outs: await definition.update(apiClient(), old, CheckedSchema.parse(withoutProvider(news))) };
    },
    async delete(_id, props) {
      await definition.delete(apiClient(), StateSchema.parse(withoutProvider(props)));
    },
  };
}
