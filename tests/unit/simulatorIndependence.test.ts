import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import {
  INVITATION_MAILBOX_PERMISSIONS,
  LEGACY_PERMISSIONS,
  WEBMAIL_PERMISSIONS,
} from "../../simulator/permissionNames";

const ROOT = join(__dirname, "../..");
const SIMULATOR = join(ROOT, "simulator");

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? typeScriptFiles(path) : entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** Every module specifier a file imports, re-exports or requires. */
function specifiers(source: string): string[] {
  const pattern =
    /\bfrom\s+["']([^"']+)["']|\bimport\s*\(\s*["']([^"']+)["']|\brequire\s*\(\s*["']([^"']+)["']|^\s*import\s+["']([^"']+)["']/gm;
  return [...source.matchAll(pattern)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4] ?? "");
}

/** The simulator's modules that reach into provider/ (by a relative path or the package's name). */
function importsOfProvider(): string[] {
  return typeScriptFiles(SIMULATOR).flatMap((file) =>
    specifiers(readFileSync(file, "utf8"))
      .filter((spec) =>
        spec.startsWith(".")
          ? relative(ROOT, resolve(dirname(file), spec)).split("/")[0] === "provider"
          : /^pulumi-infomaniak-mailbox\/provider\b/.test(spec),
      )
      .map((spec) => `${relative(ROOT, file)} imports ${spec}`),
  );
}

type Json = { [key: string]: Json } | Json[] | string | number | boolean | null;
const spec = JSON.parse(readFileSync(join(SIMULATOR, "spec/infomaniak-openapi-subset.json"), "utf8")) as Json;

function at(node: Json, ...path: string[]): Json {
  return path.reduce<Json>((current, key) => {
    if (current === null || typeof current !== "object" || Array.isArray(current) || !(key in current))
      throw new Error(`the spec has no ${path.join(" > ")}`);
    return current[key] as Json;
  }, node);
}

function bodySchema(method: string, template: string): Json {
  return at(spec, "paths", template, method, "requestBody", "content", "application/json", "schema");
}

/** The names a schema lists: its properties' keys, or the list itself. */
function sorted(names: Json): string[] {
  return (Array.isArray(names) ? names.map(String) : Object.keys(names ?? {})).sort();
}

/**
 * The simulator is the only oracle the client is tested against: it must not agree with the client by
 * construction. It takes its vocabulary from the OpenAPI subset, never from provider/.
 */
describe("the simulator stands apart from the client", () => {
  it("no simulator module imports from provider/", () => {
    expect(importsOfProvider()).toEqual([]);
  });

  it("its permission names are the spec subset's", () => {
    const webmail = bodySchema(
      "post",
      "/1/mail_hostings/{service_mail}/mailboxes/{mailbox_name}/accesses/webmail",
    );
    const legacy = bodySchema(
      "patch",
      "/1/mail_hostings/{mail_hosting_id}/mailboxes/{mailbox_name}/users/{user_id}",
    );
    const invitation = bodySchema("post", "/1/accounts/{account}/invitations/{invitation}/mailbox/{mail_id}");
    expect(WEBMAIL_PERMISSIONS).toEqual(sorted(at(webmail, "properties", "permissions", "properties")));
    expect(WEBMAIL_PERMISSIONS).toEqual(
      sorted(at(spec, "components", "schemas", "93e74a89_Permissiononmailbox", "required")),
    );
    expect(LEGACY_PERMISSIONS).toEqual(sorted(at(legacy, "properties", "permissions", "properties")));
    expect(INVITATION_MAILBOX_PERMISSIONS).toEqual(
      sorted(at(invitation, "properties", "mailbox_permissions", "required")),
    );
  });
});
