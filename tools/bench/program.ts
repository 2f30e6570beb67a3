import { readFileSync } from "node:fs";
import { declare } from "./declare";
import { DECLARATION_FILE, Declaration } from "./declaration";

// The benchmark's Pulumi program, run by Pulumi's Node.js language host in a project folder where the
// packed package is installed, as a user's program is (tools/bench/project.ts copies it there).
declare(Declaration.parse(JSON.parse(readFileSync(DECLARATION_FILE, "utf8"))));
