import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020";
import type { ValidateFunction } from "ajv";
import { z } from "zod";
import { Product } from "../../simulator/products";
import { TeamAccessItem } from "../../simulator/representations";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const SPEC_PATH = join(__dirname, "../../simulator/spec/infomaniak-openapi-subset.json");

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** SPEC_CHOICES.nullable: `nullable: true` also accepts null (the document is 3.1, the keyword 3.0). */
function acceptNull(node: Json): Json {
  if (Array.isArray(node)) return node.map(acceptNull);
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) out[key] = acceptNull(value);
  if (out["nullable"] === true) {
    delete out["nullable"];
    return { anyOf: [out, { type: "null" }] };
  }
  return out;
}

function child(node: Json | undefined, ...path: string[]): JsonObject {
  let current = node;
  for (const key of path) current = isObject(current) ? current[key] : undefined;
  if (!isObject(current)) throw new Error(`spec has no ${path.join(" > ")}`);
  return current;
}

/** A simulator-declared shape as a JSON schema, to sit inside the spec's schemas. */
function jsonSchemaOf(schema: z.ZodType): JsonObject {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema) as JsonObject;
  return rest;
}

/** The `error` properties of a declared error response (in the `allOf` part that names the error). */
function errorProperties(response: JsonObject): JsonObject {
  const allOf = child(response, "content", "application/json", "schema")["allOf"] as Json[];
  const part = allOf.find(
    (p) => isObject(p) && isObject(p["properties"]) && isObject(p["properties"]["error"]),
  );
  return child(part, "properties", "error", "properties");
}

function errorCodes(response: JsonObject): Json[] {
  return child(errorProperties(response), "code")["enum"] as Json[];
}

/** The spec subset with the corrections SPEC_CHOICES names, applied in this one place. */
function correctedSpec(): JsonObject {
  const spec = JSON.parse(readFileSync(SPEC_PATH, "utf8")) as JsonObject;
  const schemas = child(spec, "components", "schemas");
  // SPEC_CHOICES.mailboxUserId: `type: object` with `oneOf` integer/string admits no value.
  delete child(schemas, "93e74a89_MailboxUser", "properties", "id")["type"];
  // SPEC_CHOICES.malformedSchemas: `properties: []` is not a schema.
  delete child(schemas, "93e74a89_Mailbox", "properties", "private")["properties"];
  for (const list of ["permissions", "mailbox", "ksuite"]) {
    delete child(schemas, "93e74a89_UserAccess", "properties", list)["items"];
  }
  // SPEC_CHOICES.accountUsersIsList: `data` is a list.
  const users = child(spec, "paths", "/2/accounts/{account}/users", "get", "responses", "200", "content");
  const allOf = child(users, "application/json", "schema")["allOf"] as JsonObject[];
  const data = child(allOf[1], "properties", "data");
  allOf[1] = { type: "object", properties: { data: { type: "array", items: data } } };
  // SPEC_CHOICES.teamAccessItem: a listing item may be a team's access.
  child(schemas, "93e74a89_UserAccessorInvitationtoaccessamailbox", "properties")["team_access"] =
    jsonSchemaOf(TeamAccessItem);
  // SPEC_CHOICES.pendingLinkRoutes: `force_email` on a legacy link too soon answers the legacy send's 400.
  const patchLink = child(
    spec,
    "paths",
    "/1/mail_hostings/{mail_hosting_id}/mailboxes/{mailbox_name}/invitations/{key}",
    "patch",
    "responses",
    "400",
  );
  errorCodes(patchLink).push("too_many_attempts_try_again_in_1_minute");
  delete child(errorProperties(patchLink), "description")["enum"];
  // SPEC_CHOICES.missingScope: any route answers a token without its scope with 403 `all_scopes`.
  for (const operation of Object.values(child(spec, "paths"))) {
    for (const method of Object.values(isObject(operation) ? operation : {})) {
      const forbidden =
        isObject(method) && isObject(method["responses"]) ? method["responses"]["403"] : undefined;
      if (isObject(forbidden)) errorCodes(forbidden).push("all_scopes");
    }
  }
  return acceptNull(spec) as JsonObject;
}

const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
const spec = correctedSpec();
const compiled = new Map<string, ValidateFunction>();

function compile(key: string, schema: JsonObject): ValidateFunction {
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile({ ...schema, components: spec["components"] ?? null });
    compiled.set(key, validate);
  }
  return validate;
}

/** The response schema the spec declares for this route, method and status, if it declares one. */
export function declaredResponse(
  method: string,
  template: string,
  status: number,
): ValidateFunction | undefined {
  const operation = child(spec, "paths")[template];
  const responses = isObject(operation) ? child(operation, method.toLowerCase(), "responses") : undefined;
  const response = responses?.[String(status)];
  if (!isObject(response)) return undefined;
  const schema = child(response, "content", "application/json", "schema");
  return compile(`${method} ${template} ${status}`, schema);
}

/** The generic error envelope, for statuses the spec does not declare for a route. */
export function genericError(): ValidateFunction {
  return compile("ErrorResponse", {
    allOf: [
      { $ref: "#/components/schemas/ErrorResponse" },
      {
        type: "object",
        required: ["error"],
        properties: {
          result: { const: "error" },
          error: {
            type: "object",
            required: ["code", "description"],
            properties: { code: { type: "string" }, description: { type: "string" } },
          },
        },
      },
    ],
  });
}

const PAGE_FIELDS = ["total", "page", "pages", "items_per_page"];

/**
 * `GET /1/products` (SPEC_CHOICES.mailHostingProducts): the generic envelope, items of the simulator's
 * `Product` schema; the page fields present exactly when the request gave `page`.
 */
export function productList(paged: boolean): ValidateFunction {
  return compile(`ProductList paged=${paged}`, {
    allOf: [
      { $ref: "#/components/schemas/Response" },
      { $ref: "#/components/schemas/Pagination" },
      {
        type: "object",
        required: ["data"],
        properties: { result: { const: "success" }, data: { type: "array", items: jsonSchemaOf(Product) } },
      },
      paged ? { required: PAGE_FIELDS } : { not: { anyOf: PAGE_FIELDS.map((f) => ({ required: [f] })) } },
    ],
  });
}

/**
 * The spec's route template for a method and a path as sent (`/1/accounts/100` is
 * `/1/accounts/{account_id}`); where several match, the one with the most literal segments.
 */
export function routeOf(method: string, path: string): string | undefined {
  const segments = path.split("/");
  const matches = Object.entries(child(spec, "paths")).filter(([template, operation]) => {
    const parts = template.split("/");
    return (
      isObject(operation) &&
      isObject(operation[method.toLowerCase()]) &&
      parts.length === segments.length &&
      parts.every((part, i) => /^\{[^}]+\}$/.test(part) || part === segments[i])
    );
  });
  const literals = (template: string) => template.split("/").filter((p) => !p.startsWith("{")).length;
  return matches.map(([template]) => template).sort((a, b) => literals(b) - literals(a))[0];
}

/** Every object schema that lists its properties admits no others: a misspelt field is refused. */
function closed(node: Json): Json {
  if (Array.isArray(node)) return node.map(closed);
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node))
    out[key] = key === "properties" ? mapValues(value, closed) : closed(value);
  if (isObject(out["properties"]) && out["additionalProperties"] === undefined)
    out["additionalProperties"] = false;
  return out;
}

function mapValues(node: Json, f: (value: Json) => Json): Json {
  return isObject(node) ? Object.fromEntries(Object.entries(node).map(([k, v]) => [k, f(v)])) : node;
}

/**
 * The request body schema the spec declares for a route and method, closed (no field it does not
 * list), if it declares one.
 */
export function declaredRequestBody(method: string, template: string): ValidateFunction | undefined {
  const operation = child(child(spec, "paths"), template, method.toLowerCase());
  const content = isObject(operation["requestBody"]) ? operation["requestBody"]["content"] : undefined;
  if (content === undefined) return undefined;
  const schema = closed(child(content, "application/json", "schema")) as JsonObject;
  return compile(`${method} ${template} request`, schema);
}

export function describeErrors(validate: ValidateFunction): string {
  return ajv.errorsText(validate.errors, { separator: "; ", dataVar: "body" });
}
