export { mailboxAccess } from "./lifecycle";
