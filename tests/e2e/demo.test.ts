import { runDemo } from "../../cli/demo/command";
import { makeTempDir } from "../support/tempDir";

describe("the README's main command (npm run demo)", () => {
  const temp = makeTempDir("demo");
  afterAll(() => temp.remove());

  it("previews and applies the quick start, then previews no changes on a second run", async () => {
    let output = "";
    const write = (text: string) => {
      output += text;
    };
    const first = await runDemo({ stateDir: temp.path, write });
    expect(first.planned).toEqual({ create: 5 });
    expect(output).toContain("== pulumi preview ==");
    expect(output).toContain('preset       : "manager"');
    expect(output).toContain("accountantLink      : [secret]");

    const second = await runDemo({ stateDir: temp.path, write });
    expect(second.planned).toEqual({ same: 5 });
    expect(output).not.toContain("demo-token-acme");
  });
});
