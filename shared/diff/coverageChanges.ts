/** Coverage lost, regained or still missing between two audits: neutral lines of their own. */
import type { Coverage } from "../exposure/types.js";
import { SECTION_NAMES } from "../snapshot/types.js";
import type { Change } from "./types.js";
import { unknownSections } from "./commonCoverage.js";

export function coverageChanges(before: { coverage: Coverage[] }, after: { coverage: Coverage[] }): Change[] {
  const was = unknownSections(before);
  const is = unknownSections(after);
  const out: Change[] = [];
  for (const section of SECTION_NAMES) {
    const lost = is.has(section);
    const missing = was.has(section);
    if (!lost && !missing) continue;
    // A section this release collects and the one that wrote the previous snapshot did not: an
    // upgrade, not coverage regained (it is compared from the next audit on).
    if (!lost && notCollectedBefore(before, section)) continue;
    out.push({
      key: `coverage:${section}`,
      type: "coverage",
      // "Still missing" repeats every run of an outage: the digest lists only losses and returns.
      rule: lost && missing ? "coverage-missing" : "coverage",
      direction: "neutral",
      severity: lost && !missing ? "medium" : "info",
      summary:
        lost && !missing
          ? `Coverage lost: section ${section} could not be collected; what depends on it is compared as unknown on both sides until it is back.`
          : !lost
            ? `Coverage restored: section ${section} was collected again; what depends on it is compared from the next audit.`
            : `Coverage still missing: section ${section} could not be collected in either audit.`,
      section,
    });
  }
  return out;
}

function notCollectedBefore(before: { coverage: Coverage[] }, section: string): boolean {
  return before.coverage.find((c) => c.section === section)?.reason === "not-collected";
}

/** The first audit's gaps. */
export function baselineCoverage(current: { coverage: Coverage[] }): Change[] {
  return [...unknownSections(current)].map((section) => ({
    key: `coverage:${section}`,
    type: "coverage" as const,
    rule: "coverage",
    direction: "neutral" as const,
    severity: "info" as const,
    summary: `Coverage missing: section ${section} could not be collected in the first audit.`,
    section,
  }));
}
