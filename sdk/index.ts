export { EngineProbe, type EngineProbeArgs } from "./engineProbe";
