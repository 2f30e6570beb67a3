export { mailboxPolicy } from "./lifecycle";
export type { Unmanaged } from "./schema";
