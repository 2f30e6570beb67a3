export { startSimulator, type RunningSimulator, type SimulatorOptions } from "./server";
export { loadSeed, QUICKSTART_SEED, SEED_SCHEMA_FILE, SeedFileError } from "./seedFile";
export { ADMIN_PREFIX } from "./admin";
export type { FaultProfileInput, FaultRule } from "./faults";
export type { State, StateInput } from "./model";
export type { RouteCount } from "./requestCounters";
export type { WriteEntry } from "./writeJournal";
export { SimulatorAdmin } from "./adminClient";
