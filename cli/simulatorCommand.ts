import { parseArgs } from "node:util";
import { loadSeed, QUICKSTART_SEED, startSimulator } from "../simulator";

function integer(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^[0-9]+$/.test(value)) throw new Error(`--${name} must be a whole number (got "${value}")`);
  return Number(value);
}

/** Serves the simulator until the process is interrupted. */
export async function runSimulator(args: string[], write: (text: string) => void): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      seed: { type: "string" },
      persist: { type: "string" },
      "rate-limit": { type: "string" },
    },
  });
  const simulator = await startSimulator({
    port: integer(values.port, "port", 8787),
    host: values.host ?? "127.0.0.1",
    seed: loadSeed(values.seed ?? QUICKSTART_SEED),
    ...(values.persist ? { persistPath: values.persist } : {}),
    rateLimit: { perWindow: integer(values["rate-limit"], "rate-limit", 60) },
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
