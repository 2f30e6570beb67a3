import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { InfomaniakClient } from "../api/client";
import type { ResourceImplementation } from "../resourceImplementation";
import { ResourceError } from "../resources/resourceError";
import { apiClient } from "../runtime";
import { parseDeclaration } from "./declaration";
import type { DiffException, FieldTable } from "./fields";
import { tableDiff } from "./fields";
import { TokenEnv } from "../fields/tokenEnv";
import type { CheckFailure, Unknown } from "./protocol";
import { failure, isUnknown, withoutProvider } from "./protocol";

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
  /** The resource's schema module: its contract, its field table among it. */
  schemas: {
    Declared: z.ZodType<Declared>;
    Checked: z.ZodType<Checked>;
    State: z.ZodType<State>;
    fields: FieldTable<Declared, Checked, State>;
  };
  /** Verifies a complete declaration against the live organisation: the checked inputs, or why not. */
  check(client: InfomaniakClient, declared: Declared, previous: Previous): Promise<Checked | CheckFailure[]>;
  /**
   * The kind's exceptions to the diff its field table says (`changes`): an invited member who joins,
   * an expired link. Without it, the table's diff is the diff.
   */
  diff?: DiffException<State, Checked>;
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
  /**
   * During preview: unknown inputs this kind can stand in for from its previous check, so that the
   * check runs (and the preview counts as `up` will) instead of leaving the resource unchecked.
   */
  settleUnknowns?(news: Record<string, unknown>, previous: Previous): Record<string, unknown>;
}

/**
 * Splits off a bag's `tokenEnv` (an input of every kind, handled here once): the kinds' schemas never
 * see it, and it is stored beside their state so that a refresh or delete uses the same token.
 */
function connectionOf(bag: unknown): { tokenEnv: string | undefined; rest: Record<string, unknown> } {
  const { tokenEnv, ...rest } = withoutProvider(bag);
  return { tokenEnv: typeof tokenEnv === "string" ? tokenEnv : undefined, rest };
}

/** A state or checked inputs with the resource's `tokenEnv` beside them, when it names one. */
function withConnection<T extends object>(values: T, tokenEnv: string | undefined): T {
  return tokenEnv === undefined ? values : { ...values, tokenEnv };
}

/** A declared `tokenEnv` that is not a variable's name; unknown during preview counts as none. */
function tokenEnvFailures(news: unknown): CheckFailure[] {
  const declared = withoutProvider(news)["tokenEnv"];
  if (declared === undefined || isUnknown(declared)) return [];
  const parsed = TokenEnv.safeParse(declared);
  return parsed.success ? [] : [failure("tokenEnv", parsed.error.issues[0]?.message ?? "invalid")];
}

/** `check`: a declaration parsed (unknown values left for apply time), then verified against the organisation. */
async function checkDeclaration<Declared extends object, Checked extends object, State extends object>(
  definition: ResourceDefinition<Declared, Checked, State>,
  olds: unknown,
  news: unknown,
): Promise<pulumi.dynamic.CheckResult> {
  const badTokenEnv = tokenEnvFailures(news);
  if (badTokenEnv.length > 0) return { failures: badTokenEnv };
  const { tokenEnv, rest } = connectionOf(news);
  const olders = connectionOf(olds).rest;
  const previous = Object.keys(olders).length === 0 ? undefined : olders;
  const settled = definition.settleUnknowns ? definition.settleUnknowns(rest, previous) : rest;
  const declaration = parseDeclaration(definition.schemas.Declared, settled);
  if (declaration.kind === "invalid") return { failures: declaration.failures };
  if (declaration.kind === "partial") return { inputs: withoutProvider(news) };
  const result = await definition.check(apiClient(tokenEnv), declaration.declared, previous);
  return Array.isArray(result) ? { failures: result } : { inputs: withConnection(result, tokenEnv) };
}

/**
 * The engine-facing implementation of a definition: strips `__provider` and `tokenEnv`, parses
 * declarations (unknown values left for apply time), olds, news and stored properties, and passes
 * the provider process's client for the resource's token in.
 */
export function defineResource<Declared extends object, Checked extends object, State extends object>(
  definition: ResourceDefinition<Declared, Checked, State>,
): ResourceImplementation {
  const { Checked: CheckedSchema, State: StateSchema } = definition.schemas;
  const stateById = (client: InfomaniakClient, id: string): Promise<State | undefined> => {
    const { readById } = definition;
    if ("refused" in readById) throw ResourceError.withoutState(`${definition.name} ${id}`, readById.refused);
    return readById(client, id);
  };
  const diffOf = (id: string, old: State, next: Proposed<Checked>) =>
    tableDiff(definition.schemas.fields, definition.diff, id, old, next);
  return {
    check: (olds, news) => checkDeclaration(definition, olds, news),
    diff(id, olds, news) {
      const before = connectionOf(olds);
      const after = connectionOf(news);
      // News are what `check` returned: its checked inputs, or the declaration with unknowns.
      const result = diffOf(id, StateSchema.parse(before.rest), after.rest as Proposed<Checked>);
      // A new or renamed tokenEnv is an update of the state alone (see update), so that refresh and
      // delete use the variable the program names now.
      if (before.tokenEnv === after.tokenEnv || result.changes) return Promise.resolve(result);
      return Promise.resolve({ ...result, changes: true });
    },
    async create(inputs) {
      const { tokenEnv, rest } = connectionOf(inputs);
      const { id, state } = await definition.create(apiClient(tokenEnv), CheckedSchema.parse(rest));
      return { id, outs: withConnection(state, tokenEnv) };
    },
    async read(id, props) {
      const { tokenEnv, rest } = connectionOf(props);
      const client = apiClient(tokenEnv);
      const stored = StateSchema.safeParse(rest);
      const state = stored.success ? stored.data : await stateById(client, id);
      const live = state === undefined ? undefined : await definition.read(client, id, state);
      if (live === undefined) return { id: "" };
      return {
        id,
        props: withConnection(live, tokenEnv),
        inputs: withConnection(CheckedSchema.parse(live), tokenEnv),
      };
    },
    async update(id, olds, news) {
      const old = StateSchema.parse(connectionOf(olds).rest);
      const { tokenEnv, rest } = connectionOf(news);
      const checked = CheckedSchema.parse(rest);
      // Only tokenEnv changed: nothing to write at Infomaniak.
      if (!diffOf(id, old, checked).changes) return { outs: withConnection(old, tokenEnv) };
      const state = await definition.update(apiClient(tokenEnv), old, checked);
      return { outs: withConnection(state, tokenEnv) };
    },
    async delete(_id, props) {
      const { tokenEnv, rest } = connectionOf(props);
      await definition.delete(apiClient(tokenEnv), StateSchema.parse(rest));
    },
  };
}
