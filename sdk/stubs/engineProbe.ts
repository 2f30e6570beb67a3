import { stubMethods } from "../stubMethods";

export = stubMethods("engineProbe");
