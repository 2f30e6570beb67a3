import { terminalText } from "../../provider/terminalText";

/**
 * Where a command's lines go to a terminal (progress, warnings, one line per change): each line may
 * hold names, so it is written as one line with every control visible, then its line end.
 */
export function terminalLines(write: (text: string) => void): (line: string) => void {
  return (line) => write(`${terminalText(line)}\n`);
}
