/**
 * Acceptances applied to a diff, after the rules and causes have found what changed (under common
 * coverage): one more stage, so no rule needs to know about acceptances and every channel that
 * alerts through alertingChanges inherits them.
 *
 * - A change whose findings are all accepted is kept (stored, listed in the digest) and marked
 *   covered: it never alerts.
 * - A change that takes an accepted finding past its acceptance (reach above the accepted reach,
 *   severity raised, eligible turned active) alerts, with the finding's own severity: the owners
 *   bounded what they accepted. Past that point the acceptance covers nothing and the finding
 *   alerts like any other.
 * - An acceptance that ends (expires or is revoked) between the two audits alerts once for each
 *   finding it covered: exactly one diff holds the instant it ended, because consecutive audits
 *   split time into disjoint intervals (previous.takenAt, current.takenAt]. A finding the current
 *   audit could not see then (a section unread) alerts in the audit that sees it again.
 */
import type { Diff, Change } from "../diff/types.js";
import { sortChanges } from "../diff/order.js";
import { remediationFor } from "../diff/remediation.js";
import { findingSentence } from "../diff/summaries.js";
import { severityRank, type Exposure, type Finding, type Severity } from "../exposure/types.js";
import { acceptanceFor, endOf, exceededBy, matches } from "./matchFinding.js";
import type { Acceptance, ChangeAcceptance } from "./types.js";

export interface AcceptChangesInput {
  /** The exposures as both audits saw them (not masked to common coverage). Null: a baseline. */
  previous: Exposure | null;
  current: Exposure;
  acceptances: readonly Acceptance[];
}

export function acceptChanges(diff: Diff, input: AcceptChangesInput): Diff {
  if (diff.baseline || !input.previous || input.acceptances.length === 0) return diff;
  const at = Date.parse(input.current.takenAt);
  const changes = diff.changes.map((c) => annotate(c, input.acceptances, at));
  const byKey = new Map(changes.map((c, i) => [c.after?.key ?? c.key, i]));
  for (const ended of endings(input)) {
    const i = byKey.get(ended.finding.key);
    if (i !== undefined) changes[i] = endedOn(changes[i]!, ended);
    else changes.push(endedChange(ended));
  }
  return { ...diff, changes: sortChanges(changes) };
}

/** The findings a change is about: its own (as it is now, or as it was when it went away) and its items'. */
function findingsOf(c: Change): Finding[] {
  const own = c.after ?? c.before;
  return [
    ...(own ? [own] : []),
    ...(c.items ?? []).flatMap((i) => ((i.after ?? i.before) ? [(i.after ?? i.before)!] : [])),
  ];
}

function annotate(c: Change, acceptances: readonly Acceptance[], at: number): Change {
  if (c.type === "coverage") return c;
  const findings = findingsOf(c);
  const matched = findings.map((f) => ({ f, match: acceptanceFor(acceptances, f, at) }));
  const concerned = matched.filter((m) => m.match);
  if (concerned.length === 0) return c;
  const ids = [...new Set(concerned.map((m) => m.match!.acceptance.id))];
  const covered = matched.every((m) => m.match?.finding.status === "accepted");
  if (covered) return { ...c, acceptance: { covered: true, ids } };
  if (c.direction !== "increase") return { ...c, acceptance: { covered: false, ids } };
  // Crossing: accepted before this change (within the bounds), past them after it.
  const crossed = concerned.filter(
    (m) =>
      m.match!.finding.status === "exceeded" &&
      (!c.before ||
        !matches(m.match!.acceptance.target, c.before) ||
        exceededBy(m.match!.acceptance.upTo, c.before).length === 0),
  );
  if (crossed.length === 0) return { ...c, acceptance: { covered: false, ids } };
  const why = crossed.flatMap((m) => m.match!.finding.exceeded ?? []);
  const note = `Grown past its acceptance (${[...new Set(why)].join("; ")}).`;
  return {
    ...c,
    severity: highest(c.severity, ...crossed.map((m) => m.f.severity)),
    summary: `${c.summary} ${note}`,
    acceptance: { covered: false, ids, note },
  };
}

interface Ending {
  acceptance: Acceptance;
  finding: Finding;
  before?: Finding;
  how: "expired" | "revoked";
}

/** Findings whose acceptance ended between the two audits (or before, while the finding was not seen). */
function endings({ previous, current, acceptances }: AcceptChangesInput): Ending[] {
  const from = Date.parse(previous!.takenAt);
  const to = Date.parse(current.takenAt);
  const seenBefore = new Map(previous!.findings.map((f) => [f.key, f]));
  const out: Ending[] = [];
  for (const f of current.findings) {
    // Another acceptance that still covers the finding keeps it quiet.
    if (acceptanceFor(acceptances, f, to)?.finding.status === "accepted") continue;
    const before = seenBefore.get(f.key);
    const ended = acceptances
      .filter((a) => matches(a.target, f))
      .filter((a) => {
        const end = endOf(a);
        if (end > to) return false;
        // It ended in this interval while the finding was within it; or earlier, unseen by the previous audit.
        return end > from ? !before || exceededBy(a.upTo, before).length === 0 : !before;
      })
      .sort((a, b) => endOf(b) - endOf(a))[0];
    if (!ended) continue;
    const how = ended.revokedAt && Date.parse(ended.revokedAt) <= Date.parse(ended.expiresAt) ? "revoked" : "expired";
    out.push({ acceptance: ended, finding: f, ...(before ? { before } : {}), how });
  }
  return out;
}

function endingNote(e: Ending): string {
  const a = e.acceptance;
  return e.how === "revoked"
    ? `Acceptance ${a.id} revoked by ${a.revokedBy ?? "someone"} at ${a.revokedAt}: it alerts again.`
    : `Acceptance ${a.id} (owner ${a.owner}: "${a.reason}") expired at ${a.expiresAt}: renew it or fix the finding.`;
}

function endedOn(c: Change, e: Ending): Change {
  const note = endingNote(e);
  const ids = [...new Set([...(c.acceptance?.ids ?? []), e.acceptance.id])];
  return {
    ...c,
    direction: "increase",
    severity: highest(c.severity, e.finding.severity),
    summary: `${c.summary} ${note}`,
    remediation: c.remediation ?? remediationFor(e.finding),
    acceptance: { covered: false, ids, note },
  };
}

function endedChange(e: Ending): Change {
  const note = endingNote(e);
  const acceptance: ChangeAcceptance = { covered: false, ids: [e.acceptance.id], note };
  return {
    key: e.finding.key,
    type: "changed",
    rule: e.how === "revoked" ? "acceptance-revoked" : "acceptance-expired",
    direction: "increase",
    severity: e.finding.severity,
    summary: `${note} ${findingSentence(e.finding)}`,
    ...(e.before ? { before: e.before } : {}),
    after: e.finding,
    remediation: remediationFor(e.finding),
    acceptance,
  };
}

function highest(...severities: Severity[]): Severity {
  return severities.reduce((a, b) => (severityRank(b) > severityRank(a) ? b : a));
}
