import { stubMethods } from "../stubMethods";

export = stubMethods("mailboxPolicy");
