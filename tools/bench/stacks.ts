import type { Grant } from "./declaration";
import { PRESETS } from "./declaration";
import type { GeneratedOrganisation } from "./organisation";
import { organisationDeclaration } from "./organisation";
import type { BenchProject } from "./project";

/** Our stack and the engine baseline's, with as many resources, declared side by side. */
export interface Stacks {
  provider: BenchProject;
  baseline: BenchProject;
  resources: number;
  /** For the next operation on that stack: the permissions of 10 grants, or the label of 10 probes. */
  changeTen(stack: "provider" | "baseline"): void;
}

const CHANGED = 10;

function nextPresets(grants: Grant[]): Grant[] {
  return grants.map((g, i) =>
    i < CHANGED ? { ...g, preset: PRESETS[(PRESETS.indexOf(g.preset) + 1) % PRESETS.length] ?? "full" } : g,
  );
}

/** Declares the organisation on our stack and as many probes on the baseline's. */
export function declareSideBySide(
  org: GeneratedOrganisation,
  provider: BenchProject,
  baseline: BenchProject,
): Stacks {
  const resources = org.grants.length + org.invitations.length;
  let grants = org.grants;
  let changed = 0;
  provider.declare(organisationDeclaration(org, grants));
  baseline.declare({ kind: "probes", count: resources, changed });
  return {
    provider,
    baseline,
    resources,
    changeTen: (stack) => {
      if (stack === "provider") {
        grants = nextPresets(grants);
        provider.declare(organisationDeclaration(org, grants));
      } else {
        changed = changed === 0 ? CHANGED : 0;
        baseline.declare({ kind: "probes", count: resources, changed });
      }
    },
  };
}
