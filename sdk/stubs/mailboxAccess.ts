import { stubMethods } from "../stubMethods";

export = stubMethods("mailboxAccess");
