import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { exportOrganisation } from "../../cli/export/exportOrganisation";
import { InfomaniakClient } from "../../provider/api/client";
import { resolveSettings } from "../../provider/api/settings";
import { utcToday } from "../../provider/fields/review";
import { buildPermissionReport } from "../../cli/report/permissionReport";
import { parsePreviewOutput } from "../../cli/shared/previewSteps";
import type { OrganisationSpec } from "../../sdk/organisationSpec/schema";
import type { SimulatorAdmin } from "../../simulator";
import { measure, operationsOn } from "./measure";
import type { GeneratedOrganisation } from "./organisation";
import { openBenchProject, stackConfig } from "./project";
import type { SizeResults } from "./results";

const SPEC_FILE = "organisation.json";

/**
 * The command-line jobs on the benchmark's organisation: `export` it, bring the exported spec under
 * management in a stack of its own (everything adopted: no write), and the permission report over
 * the no-change preview's events.
 */
export async function measureJobs(
  org: GeneratedOrganisation,
  url: string,
  admin: SimulatorAdmin,
  root: string,
  env: Record<string, string>,
  previewEvents: EngineEvent[],
): Promise<NonNullable<SizeResults["jobs"]>> {
  // Unlimited like the stacks: the simulator is too, in this part.
  const client = new InfomaniakClient(
    resolveSettings((key) => ({ apiUrl: url, token: org.token, requestsPerMinute: "1000000" })[key], {}),
  );
  let spec: OrganisationSpec | undefined;
  const exported = await measure("export", admin, 0, async () => {
    ({ spec } = await exportOrganisation(client, {
      accountId: org.accountId,
      mailHostingId: org.mailHostingId,
      name: "bench",
      today: utcToday(),
    }));
    return {
      grants: spec.mailboxes.reduce((n, m) => n + m.grants.length, 0),
      invitations: spec.mailboxes.reduce((n, m) => n + m.invitations.length, 0),
    };
  });
  await client.close();

  const adopting = await openBenchProject(root, "adopt-exported", stackConfig(url, org.token), env);
  writeFileSync(join(adopting.dir, SPEC_FILE), JSON.stringify(spec));
  adopting.declare({ kind: "spec", file: SPEC_FILE });
  // The spec's members and policies come on top of its grants and invitations: no total shown.
  const adoptExported = await measure("up of the exported spec", admin, 0, operationsOn(adopting.stack).up);

  const started = performance.now();
  const report = buildPermissionReport(
    parsePreviewOutput(previewEvents.map((e) => JSON.stringify(e)).join("\n"), "events"),
    "2026-01-01",
  );
  const reportMs = Math.round(performance.now() - started);
  return {
    export: exported,
    adoptExported,
    report: { events: previewEvents.length, reportMs, facts: report.facts.length },
  };
}
