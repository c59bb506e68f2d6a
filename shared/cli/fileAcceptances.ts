/**
 * The acceptances a CLI audit or report applies: the acceptances file (ACCEPTANCES_FILE, a path or
 * a blob URL), the same file the deployed app merges with its table. A pipeline keeps the file in
 * git beside the job, so `--fail-on` then blocks only on findings nobody has accepted. The table's
 * acceptances live in the deployment's storage and are not read here. A file that cannot be used
 * is reported on stderr and leaves every finding unaccepted, as in the app: never a failed audit.
 */
import { annotateExposure } from "../acceptance/annotateExposure.js";
import { displayLocation, readAcceptancesFile } from "../acceptance/loadAcceptances.js";
import { parseAcceptancesFile } from "../acceptance/acceptancesFile.js";
import type { Config } from "../config.js";
import { scrubSecrets } from "../errors.js";
import type { Exposure } from "../exposure/types.js";
import type { CliIo } from "./io.js";

export async function applyFileAcceptances(
  exposure: Exposure,
  config: Pick<Config, "acceptancesFile" | "acceptanceMaxDays" | "managedIdentityClientId">,
  io: CliIo,
  now: Date,
): Promise<Exposure> {
  const location = config.acceptancesFile;
  if (!location) return exposure;
  const where = displayLocation(location);
  let problems: string[];
  let acceptances: Awaited<ReturnType<typeof parseAcceptancesFile>>["acceptances"] = [];
  try {
    const text = await readAcceptancesFile(location, { managedIdentityClientId: config.managedIdentityClientId });
    ({ acceptances, problems } = parseAcceptancesFile(text, { maxDays: config.acceptanceMaxDays, where }));
  } catch (e) {
    const reason = scrubSecrets(e instanceof Error ? e.message : String(e)).slice(0, 300);
    problems = [`acceptances file ${where} could not be read (${reason}); no finding is accepted.`];
  }
  for (const p of problems) io.stderr(`writeback-watch: ${p}\n`);
  return annotateExposure(exposure, { acceptances, problems, overridden: [] }, now);
}
