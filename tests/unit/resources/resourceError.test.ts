import { ResourceError } from "../../../provider/resources/resourceError";

describe("ResourceError messages reach a terminal", () => {
  it("hold no escape byte or line break from a name, whatever the name says", () => {
    const hostile = "support\u001b[2K\r\u001b[32mAll checks passed\n\u009b31m";
    const error = ResourceError.fromFailures([{ property: "mailbox", reason: `${hostile} is not shared` }]);
    expect(error.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(error.message).toContain("\\x1b[2K");
    expect(error.message).toMatch(/\[invalid_state\]$/);
  });
});
