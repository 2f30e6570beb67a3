import { describeTwoRunsAtOnce } from "./twoRunsAtOnce";

jest.setTimeout(600_000);

describeTwoRunsAtOnce("two runs at once, on the file backend", () => ({}));
