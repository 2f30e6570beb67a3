import { z } from "zod";
import { loadSeed, QUICKSTART_SEED, SEED_SCHEMA_FILE, startSimulator } from "../../simulator";
import type { CommandSpec } from "../shared/options";
import { OptionError, parseOptions } from "../shared/options";

const Port = z
  .string()
  .refine((raw) => /^[0-9]{1,5}$/.test(raw) && Number(raw) <= 65535, {
    error: "must be a port number from 0 to 65535 (0 picks a free one)",
  })
  .transform(Number);

export const SIMULATOR_COMMAND = {
  name: "simulator",
  summary: "Serve the local Infomaniak API simulator until interrupted.",
  options: {
    port: {
      type: "string",
      value: "N",
      default: "8787",
      schema: Port,
      help: "the port to listen on; 0 picks a free one",
    },
    host: { type: "string", value: "HOST", default: "127.0.0.1", help: "the address to listen on" },
    seed: {
      type: "string",
      value: "FILE",
      default: QUICKSTART_SEED,
      defaultText: "the bundled quick start organisation",
      help: `the state to start from: a JSON file as ${SEED_SCHEMA_FILE} in this package describes`,
    },
    persist: {
      type: "string",
      value: "FILE",
      help: "keep the state in FILE: loaded at start when it exists, written after every change",
    },
    "rate-limit": {
      type: "string",
      value: "N",
      default: "60",
      schema: z
        .string()
        .regex(/^[0-9]+$/, { error: "must be a whole number of requests a minute (0 turns the limit off)" })
        .transform(Number),
      help: "requests a minute per token; 0 turns the limit off",
    },
  },
} as const satisfies CommandSpec;

/** Serves the simulator until the process is interrupted. */
export async function runSimulator(args: string[], write: (text: string) => void): Promise<void> {
  const values = parseOptions(SIMULATOR_COMMAND, args);
  const simulator = await startSimulator({
    port: values.port,
    host: values.host,
    seed: loadSeed(values.seed),
    ...(values.persist ? { persistPath: values.persist } : {}),
    rateLimit: { perWindow: values["rate-limit"] },
  }).catch((error: unknown) => {
    // Mostly a simulator left running from an earlier session, on the default port.
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE")
      throw new OptionError(
        "port_in_use",
        `simulator: port ${values.port} on ${values.host} is taken: stop what listens there, or pass --port 0 for a free one`,
      );
    throw error;
  });
  write(
    `Infomaniak API simulator listening on ${simulator.url} (admin routes under ${simulator.url}/__admin)\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => void simulator.stop().then(resolve);
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}
