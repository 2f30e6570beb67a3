import { accessSync, constants } from "node:fs";
import { delimiter, dirname, join } from "node:path";

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** An executable named `name` in a PATH folder. */
export function onPath(name: string): string | undefined {
  return (process.env["PATH"] ?? "")
    .split(delimiter)
    .map((dir) => join(dir, name))
    .find(executable);
}

/**
 * Pulumi's Node.js language host, which runs a program from a project folder: beside `pulumi` (a
 * regular installation), or anywhere on PATH. Undefined where there is none.
 */
export function languageHost(): string | undefined {
  const pulumi = onPath("pulumi");
  const beside = pulumi ? join(dirname(pulumi), "pulumi-language-nodejs") : undefined;
  return beside && executable(beside) ? beside : onPath("pulumi-language-nodejs");
}
