import { z } from "zod";
import { OrganisationSpec } from "./schema";

/**
 * The spec file's JSON Schema, generated from its zod schema, for editors: a YAML spec starting with
 * `# yaml-language-server: $schema=<path to this file>` is checked as it is typed. The loader stays
 * the authority (it also checks what a schema cannot say: duplicates, members granted twice).
 */
export const SPEC_SCHEMA_FILE = "sdk/organisationSpec/organisation.schema.json";

export function specSchemaText(): string {
  return `${JSON.stringify(z.toJSONSchema(OrganisationSpec, { io: "input" }), null, 2)}\n`;
}
