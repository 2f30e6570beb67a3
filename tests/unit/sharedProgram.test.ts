import { parse } from "yaml";
import { SHARED_PROJECT, sharedProgramFiles } from "../../cli/export/sharedProgram";

describe("the shared program export --into writes", () => {
  it("is the example's: its project is the one whose config key the client stacks get", () => {
    const files = sharedProgramFiles();
    expect(parse(files["Pulumi.yaml"])).toMatchObject({ name: SHARED_PROJECT, runtime: { name: "nodejs" } });
    expect(files["index.ts"]).toContain('new pulumi.Config().require("specFile")');
    expect(JSON.parse(files["package.json"])).toMatchObject({ main: "index.ts" });
  });
});
