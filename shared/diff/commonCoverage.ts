/**
 * Diffing under common coverage: whatever one of the two audits could not read is treated as
 * unread in both, and both exposures are recomputed from those masked snapshots by the one exposure
 * model. A finding that needs a lost section then looks the same on both sides (absent, or with an
 * unknown reach), so lost or regained coverage cannot turn into an increase or a decrease, whatever
 * the model derives from which section. No list of "what depends on what" is kept anywhere.
 *
 * Units of coverage: every section, plus the PIM-for-Groups part of groupMembers (a section that is
 * ok while its eligible members could not be read).
 */
import type { Exposure } from "../exposure/types.js";
import { carriedFrom } from "../snapshot/carriedEvidence.js";
import {
  SECTION_NAMES,
  type GroupMembersData,
  type SectionName,
  type Sections,
  type Snapshot,
} from "../snapshot/types.js";

export interface CommonCoverage {
  previous: Snapshot;
  current: Snapshot;
  /** Sections unknown in one snapshot only, now unknown in both. */
  masked: SectionName[];
  /** Whether either snapshot had to change at all (when not, their exposures can be reused). */
  changed: { previous: boolean; current: boolean };
}

export function maskToCommonCoverage(previous: Snapshot, current: Snapshot): CommonCoverage {
  const prev: Partial<Sections> = {};
  const cur: Partial<Sections> = {};
  const masked: SectionName[] = [];
  let prevChanged = false;
  let curChanged = false;
  for (const name of SECTION_NAMES) {
    const a = previous.sections[name];
    const b = current.sections[name];
    if (a.status === "ok" && b.status === "ok") continue;
    // The current audit's reason wins when both are unknown: it is the one an owner can act on.
    const unknown = b.status !== "ok" ? b : a;
    if (a.status === "ok") {
      (prev as Record<SectionName, unknown>)[name] = unknown;
      prevChanged = true;
      masked.push(name);
    }
    if (b.status === "ok") {
      (cur as Record<SectionName, unknown>)[name] = unknown;
      curChanged = true;
      masked.push(name);
    }
  }
  const groups = maskEligibleMembers(previous, current);
  if (groups.previous) {
    prev.groupMembers = groups.previous;
    prevChanged = true;
  }
  if (groups.current) {
    cur.groupMembers = groups.current;
    curChanged = true;
  }

  // Without the audit log, the writeback state comes from the evidence carried down the chain. Both
  // sides then use what the previous audit knew, so a carried proof cannot read as news.
  const auditMasked = masked.includes("auditEvents");
  const carried = auditMasked ? (carriedFrom(previous) ?? null) : undefined;
  const apply = (s: Snapshot, sections: Partial<Sections>, changed: boolean): Snapshot =>
    changed || auditMasked
      ? {
          ...s,
          sections: { ...s.sections, ...sections },
          ...(carried !== undefined ? { carriedEvidence: carried } : {}),
        }
      : s;
  return {
    previous: apply(previous, prev, prevChanged),
    current: apply(current, cur, curChanged),
    masked,
    changed: { previous: prevChanged || auditMasked, current: curChanged || auditMasked },
  };
}

/** groupMembers ok on both sides, but PIM-for-Groups eligibilities read on one only: drop them on both. */
function maskEligibleMembers(
  previous: Snapshot,
  current: Snapshot,
): { previous?: Sections["groupMembers"]; current?: Sections["groupMembers"] } {
  const a = previous.sections.groupMembers;
  const b = current.sections.groupMembers;
  if (a.status !== "ok" || b.status !== "ok") return {};
  const gapA = a.data.eligibleMembersUnavailable;
  const gapB = b.data.eligibleMembersUnavailable;
  if (!gapA === !gapB) return {};
  const gap = (gapB ?? gapA)!;
  const strip = (data: GroupMembersData): Sections["groupMembers"] => ({
    status: "ok",
    data: {
      ...data,
      groups: Object.fromEntries(
        Object.entries(data.groups).map(([id, g]) => {
          const { eligibleMembers: _dropped, ...rest } = g;
          return [id, rest];
        }),
      ),
      eligibleMembersUnavailable: gap,
    },
  });
  return gapA ? { current: strip(b.data) } : { previous: strip(a.data) };
}

/** A section absent from `coverage` counts as unknown: missing data must never read as "nothing there". */
export function unknownSections(e: Pick<Exposure, "coverage">): Set<SectionName> {
  const ok = new Set(e.coverage.filter((c) => c.status === "ok").map((c) => c.section));
  return new Set(SECTION_NAMES.filter((s) => !ok.has(s)));
}

/** Units of coverage read in one exposure and not the other (partial sections count as their own unit). */
export function sameCoverage(a: Pick<Exposure, "coverage">, b: Pick<Exposure, "coverage">): boolean {
  const units = (e: Pick<Exposure, "coverage">) =>
    SECTION_NAMES.map((s) => {
      const c = e.coverage.find((x) => x.section === s);
      return !c || c.status !== "ok" ? "unknown" : c.reason ? "partial" : "ok";
    }).join(",");
  return units(a) === units(b);
}
