import { stubMethods } from "../stubMethods";

export = stubMethods("externalInvitation");
