import { stubMethods } from "../stubMethods";

export = stubMethods("organisationUser");
