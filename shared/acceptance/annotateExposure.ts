/**
 * An exposure as owners read it: every finding still computed and listed, the accepted ones marked
 * with their acceptance (owner, reason, expiry, or how they went past it), and beside the headline
 * the figures without them. Pure: the acceptances and the instant are inputs.
 */
import { groupBy } from "../exposure/groupBy.js";
import type { Exposure, Finding, Headline } from "../exposure/types.js";
import { widestReach } from "../exposure/widestReach.js";
import { acceptanceFor } from "./matchFinding.js";
import type { AcceptanceSet } from "./types.js";

export function annotateExposure(exposure: Exposure, set: AcceptanceSet, at: Date): Exposure {
  const ms = at.getTime();
  const findings = exposure.findings.map((f): Finding => {
    const { acceptance: _stale, ...plain } = f;
    const match = acceptanceFor(set.acceptances, plain, ms);
    return match ? { ...plain, acceptance: match.finding } : plain;
  });
  const inForce = set.acceptances.filter((a) => !a.revokedAt && Date.parse(a.expiresAt) > ms).length;
  return {
    ...exposure,
    headline: { ...exposure.headline, unaccepted: unacceptedFigures(exposure.headline, findings) },
    findings,
    acceptances: { inForce, problems: set.problems },
  };
}

export function isAccepted(f: Finding): boolean {
  return f.acceptance?.status === "accepted";
}

/** The headline's direct figures counted over the findings not accepted, the same way computeExposure counts them. */
function unacceptedFigures(headline: Headline, findings: readonly Finding[]): NonNullable<Headline["unaccepted"]> {
  const open = findings.filter((f) => !isAccepted(f));
  const count = open.filter((f) => f.severity !== "info").length;
  if (headline.resetPaths === null || headline.resetters === null) {
    return { resetters: headline.resetters, resetPaths: headline.resetPaths, findings: count };
  }
  const paths = open.filter((f) => f.kind === "reset-path" && f.principal);
  let resetters = 0;
  let resetPaths = 0;
  for (const list of groupBy(paths, (f) => f.principal!.id).values()) {
    const n = widestReach(list, headline.syncedUsers) ?? 0;
    if (n === 0) continue;
    resetters++;
    resetPaths += n;
  }
  return { resetters, resetPaths: headline.resetPaths === 0 ? 0 : resetPaths, findings: count };
}
