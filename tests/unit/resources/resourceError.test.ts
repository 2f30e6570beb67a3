import { ResourceError } from "../../../provider/resources/resourceError";
import { CONTROL, HOSTILE_NAMES } from "../../support/hostileNames";

describe("ResourceError messages reach a terminal", () => {
  it("hold no escape byte or line break from a name, whatever the name says", () => {
    const hostile = "support\u001b[2K\r\u001b[32mAll checks passed\n\u009b31m";
    const error = ResourceError.fromFailures([{ property: "mailbox", reason: `${hostile} is not shared` }]);
    expect(error.message).not.toMatch(CONTROL);
    expect(error.message).not.toContain("\n");
    expect(error.message).toContain("\\x1b[2K");
    expect(error.message).toMatch(/\[invalid_state\]$/);
  });
  it("the same for each of the repository's hostile names", () => {
    for (const name of HOSTILE_NAMES)
      expect(ResourceError.fromFailures([{ property: "mailbox", reason: name }]).message).not.toMatch(
        CONTROL,
      );
  });
});
