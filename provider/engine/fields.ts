import type * as pulumi from "@pulumi/pulumi";
import type { Proposed } from "./defineResource";
import { isUnknown } from "./protocol";

/**
 * What a change to a checked input does: `replace` (another resource: the old one goes), `update` (in
 * place at Infomaniak), `state` (stored, nothing sent to Infomaniak), `ignored` (never a change: it
 * follows from other fields, or only shapes messages).
 */
export type Change = "replace" | "update" | "state" | "ignored";

/** One field of a kind's contract, as its page documents it. */
export interface Field {
  /** What the field is, for the generated resource page. */
  description: string;
  /** Exposed as an output of the SDK class (`secret`: stored encrypted whatever the program says). */
  output?: "output" | "secret";
}

/** A checked input: how a change to it behaves, and when two values are the same (default: equal JSON). */
export interface InputField<V> extends Field {
  change: Change;
  /** `next` is undefined where the program left an optional field out. */
  same?: (next: V | undefined, old: V) => boolean;
}

/**
 * A kind's whole field table: every checked input with its change behaviour; every field only the
 * state holds, or only the declaration (what `check` does not hand on), with its description. The
 * compiler refuses a table that leaves a field out.
 */
export type FieldTable<Declared, Checked, State> = { [K in keyof Checked]-?: InputField<Checked[K]> } & {
  [K in Exclude<keyof State | keyof Declared, keyof Checked>]-?: Field;
};

/** The fields a table exposes as outputs of the SDK class. */
export type OutputName<T> = {
  [K in keyof T]: T[K] extends { output: "output" | "secret" } ? K : never;
}[keyof T] &
  string;

/** The secret outputs of a table. */
export type SecretName<T> = { [K in keyof T]: T[K] extends { output: "secret" } ? K : never }[keyof T] &
  string;

/** The names of a table's outputs, secret ones among them. */
export function outputNames<T extends Record<string, Field>>(fields: T): OutputName<T>[] {
  return Object.keys(fields).filter((k) => fields[k]?.output !== undefined) as OutputName<T>[];
}

/** The names of a table's secret outputs. */
export function secretNames<T extends Record<string, Field>>(fields: T): SecretName<T>[] {
  return Object.keys(fields).filter((k) => fields[k]?.output === "secret") as SecretName<T>[];
}

/** The fields whose change a diff saw, by what the change does. */
export interface FieldChanges {
  replaces: string[];
  updates: string[];
}

/** Equal as JSON, whatever the order of object keys (the state does not keep it). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  const at = (o: object, k: string): unknown => (o as Record<string, unknown>)[k];
  return [...keys].every((k) => sameJson(at(a, k), at(b, k)));
}

function isInput(field: Field): field is InputField<unknown> {
  return "change" in field;
}

/**
 * The default diff, from the table alone: a field that is not `ignored` changes when its new value is
 * unknown (it may be another) or not the same as the stored one; in the table's order.
 */
export function fieldChanges(
  fields: Readonly<Record<string, Field>>,
  old: object,
  next: object,
): FieldChanges {
  const changes: FieldChanges = { replaces: [], updates: [] };
  for (const [key, field] of Object.entries(fields)) {
    if (!isInput(field) || field.change === "ignored") continue;
    const value = (next as Record<string, unknown>)[key];
    const stored = (old as Record<string, unknown>)[key];
    const same = field.same ?? sameJson;
    if (!isUnknown(value) && same(value, stored)) continue;
    (field.change === "replace" ? changes.replaces : changes.updates).push(key);
  }
  return changes;
}

/** A diff result from the fields that changed. */
export function diffResult(changes: FieldChanges): pulumi.dynamic.DiffResult {
  return { changes: changes.replaces.length > 0 || changes.updates.length > 0, replaces: changes.replaces };
}

/** A kind's exceptions to its table's diff (an invited member who joins, an expired link). */
export type DiffException<State, Checked> = (
  changes: FieldChanges,
  old: State,
  next: Proposed<Checked>,
  id: string,
) => pulumi.dynamic.DiffResult;

/** A kind's diff: its field table's, with its exceptions where it has any. */
export function tableDiff<State extends object, Checked extends object>(
  fields: Readonly<Record<string, Field>>,
  exception: DiffException<State, Checked> | undefined,
  id: string,
  old: State,
  next: Proposed<Checked>,
): pulumi.dynamic.DiffResult {
  const changes = fieldChanges(fields, old, next);
  return exception ? exception(changes, old, next, id) : diffResult(changes);
}
