import type { EngineEvent } from "@pulumi/pulumi/automation";

/**
 * Prints on stderr, every few seconds while an operation runs, how many resources the engine has
 * finished out of how many (when known), and the time so far: a cold `up` of thousands runs for minutes.
 */
export function progressOnStderr(
  label: string,
  total: number,
  everyMs = 5_000,
): { onEvent(event: EngineEvent): void; done(): void } {
  const started = performance.now();
  const finished = new Set<string>();
  const print = () =>
    process.stderr.write(
      `  ${label}: ${finished.size.toLocaleString("en")}${total > 0 ? `/${total.toLocaleString("en")}` : ""} resources, ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
    );
  const timer = setInterval(print, everyMs);
  return {
    onEvent: (event) => {
      const urn = event.resOutputsEvent?.metadata.urn;
      if (urn !== undefined) finished.add(urn);
    },
    done: () => {
      clearInterval(timer);
      print();
    },
  };
}
