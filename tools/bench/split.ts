import type { Declaration } from "./declaration";
import type { Operation } from "./measure";
import { measure, operationsOn } from "./measure";
import type { GeneratedOrganisation } from "./organisation";
import { organisationDeclaration, simulatorOf } from "./organisation";
import type { BenchProject } from "./project";
import { openBenchProject, stackConfig } from "./project";
import type { SplitFigures } from "./results";

/** Stacks of a split organisation that run at once: one per core of this machine, as CI jobs would. */
const AT_ONCE = 2;

/**
 * The organisation's grants and invitations as `parts` declarations, each a contiguous range of its
 * mailboxes (a department, a brand): how docs/performance.md suggests splitting a large organisation.
 */
export function splitOrganisation(org: GeneratedOrganisation, parts: number): Declaration[] {
  const mailboxes = [...new Set([...org.grants, ...org.invitations].map((d) => d.mailbox))].sort();
  const part = new Map(mailboxes.map((m, i) => [m, Math.floor((i * parts) / mailboxes.length)]));
  return Array.from({ length: parts }, (_, k) =>
    organisationDeclaration(
      org,
      org.grants.filter((g) => part.get(g.mailbox) === k),
      org.invitations.filter((i) => part.get(i.mailbox) === k),
    ),
  );
}

/** A cold `up` of every stack, `AT_ONCE` at a time; the engine's change summaries added up. */
function upAll(projects: BenchProject[]): Operation {
  return async (onEvent) => {
    const changes: Record<string, number> = {};
    const queue = [...projects];
    const worker = async () => {
      for (let p = queue.shift(); p; p = queue.shift()) {
        const summary = await operationsOn(p.stack).up(onEvent);
        for (const [kind, n] of Object.entries(summary)) changes[kind] = (changes[kind] ?? 0) + n;
      }
    };
    await Promise.all(Array.from({ length: AT_ONCE }, worker));
    return changes;
  };
}

/**
 * The organisation split into `parts` stacks, cold `up` with the engine settings of the single stack,
 * against a simulator of its own seeded the same (the single stack's already holds every grant).
 */
export async function measureSplitColdUp(
  org: GeneratedOrganisation,
  parts: number,
  root: string,
  label: string,
  env: Record<string, string>,
): Promise<SplitFigures> {
  const { sim, admin } = await simulatorOf(org);
  try {
    const config = stackConfig(sim.url, org.token);
    const projects: BenchProject[] = [];
    for (const [k, declaration] of splitOrganisation(org, parts).entries()) {
      const project = await openBenchProject(root, `split-${label}-${k + 1}`, config, env);
      project.declare(declaration);
      projects.push(project);
    }
    // The engine also finishes each stack and its default provider.
    const total = org.grants.length + org.invitations.length + 2 * parts;
    const figures = await measure(`cold up, ${parts} stacks`, admin, total, upAll(projects));
    return { ...figures, stacks: parts, atOnce: AT_ONCE };
  } finally {
    await sim.stop();
  }
}
