import type { Field, InputField } from "../../provider/engine/fields";
import { fieldChanges, outputNames, secretNames } from "../../provider/engine/fields";
import { UNKNOWN } from "../../provider/engine/protocol";

const fields = {
  mailbox: { change: "replace", description: "" },
  rights: { change: "update", description: "", output: "output" },
  note: { change: "state", description: "" },
  address: { change: "ignored", description: "" },
  link: { description: "", output: "secret" },
} as const satisfies Record<string, Field | InputField<unknown>>;

const old = { mailbox: "support", rights: { a: true, b: false }, note: "x", address: "support@acme.example" };

describe("a field table's default diff", () => {
  it("names nothing when nothing differs, whatever the order of object keys", () => {
    expect(fieldChanges(fields, old, { ...old, rights: { b: false, a: true } })).toEqual({
      replaces: [],
      updates: [],
    });
  });
  it("replaces for a replace field, updates for an update or state field", () => {
    expect(fieldChanges(fields, old, { ...old, mailbox: "sales", rights: { a: false }, note: "y" })).toEqual({
      replaces: ["mailbox"],
      updates: ["rights", "note"],
    });
  });
  it("an empty list is not an empty object, nor a list its keys", () => {
    expect(fieldChanges(fields, { ...old, rights: [] }, { ...old, rights: {} }).updates).toEqual(["rights"]);
    expect(fieldChanges(fields, { ...old, rights: ["a"] }, { ...old, rights: { 0: "a" } }).updates).toEqual([
      "rights",
    ]);
  });
  it("counts a value not known yet as a change, and never an ignored field", () => {
    expect(fieldChanges(fields, old, { ...old, mailbox: UNKNOWN, address: "other" })).toEqual({
      replaces: ["mailbox"],
      updates: [],
    });
  });
  it("names the outputs and the secret ones", () => {
    expect(outputNames(fields)).toEqual(["rights", "link"]);
    expect(secretNames(fields)).toEqual(["link"]);
  });
});
