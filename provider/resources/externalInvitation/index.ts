export { externalInvitation } from "./lifecycle";
