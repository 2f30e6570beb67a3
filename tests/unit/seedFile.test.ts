import Ajv2020 from "ajv/dist/2020";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { packageInfo } from "../../provider/packageInfo";
import { loadSeed, QUICKSTART_SEED, SEED_SCHEMA_FILE, SeedFileError } from "../../simulator";
import { seedSchemaText } from "../../simulator/seedFile";
import { makeTempDir } from "../support/tempDir";

const REGENERATE = "npm run schemas";

function fixture(file: string): unknown {
  return JSON.parse(readFileSync(join(packageInfo().root, file), "utf8"));
}

/** The error loadSeed throws for a file with this content. */
function seedError(name: string, content: string): SeedFileError {
  const temp = makeTempDir("seed");
  try {
    const file = join(temp.path, name);
    writeFileSync(file, content);
    loadSeed(file);
  } catch (error) {
    if (error instanceof SeedFileError) return error;
    throw error;
  } finally {
    temp.remove();
  }
  throw new Error(`${name} was accepted`);
}

describe("the seed file", () => {
  it("has its JSON Schema committed as the zod schema generates it", () => {
    const committed = readFileSync(join(packageInfo().root, SEED_SCHEMA_FILE), "utf8");
    expect(committed === seedSchemaText() ? "up to date" : `out of date: run ${REGENERATE}`).toBe(
      "up to date",
    );
  });

  it("bundles a quick start seed that names the schema and passes it", () => {
    const seed = fixture(QUICKSTART_SEED);
    expect(seed).toMatchObject({ $schema: "./seed.schema.json" });
    const validate = new Ajv2020({ strict: false, validateFormats: false }).compile(
      fixture(SEED_SCHEMA_FILE) as object,
    );
    expect(validate(seed) ? [] : validate.errors).toEqual([]);
    // The editor's reference is no part of the simulator's state.
    expect(loadSeed(QUICKSTART_SEED)).not.toHaveProperty("$schema");
  });

  it("explains a bad seed by path in plain words, a line each", () => {
    const seed = fixture(QUICKSTART_SEED) as { users: Record<string, unknown>[] };
    const users = seed.users.map((user, i) => (i === 2 ? { ...user, email: "chloe" } : user));
    delete users[0]?.["lastName"];
    const error = seedError("seed.json", JSON.stringify({ ...seed, users, accounts: "none" }));
    expect(error.code).toBe("seed_invalid");
    expect(error.message.split("\n").map((line) => line.replace(/^.*seed\.json: /, ""))).toEqual([
      "users[0].lastName: is required",
      "users[2].email: must be an e-mail address",
      "accounts: must be a list",
    ]);
  });

  it("says when a seed cannot be read or is not JSON", () => {
    expect(seedError("seed.json", '{ "users": ')).toMatchObject({
      code: "seed_invalid",
      message: expect.stringMatching(/seed\.json: is not JSON: /) as unknown,
    });
    expect(() => loadSeed("no-such-seed.json")).toThrow("no-such-seed.json: cannot be read: no such file");
  });
});
