export { organisationUser } from "./lifecycle";
