/**
 * Acceptances as the terminal shows them (`writeback-watch accept`, `acceptances`, `revoke`): one
 * line per acceptance with what it covers, until when, whose it is and why, then the findings of the
 * latest audit it matches. Owners, reasons and finding titles pass through `terminalSafe` (a reason
 * is typed by a person, a title carries tenant names).
 */
import { describeTarget } from "../acceptance/matchFinding.js";
import type { AcceptanceEvent } from "../acceptance/types.js";
import type { AcceptancesListing, AcceptanceView } from "../audit/acceptances.js";
import { describeBounds } from "./acceptanceWords.js";
import { terminalSafe as s } from "./textReport.js";

export function describeAcceptance(a: AcceptanceView): string {
  const where = a.overriddenByFile ? " (overridden by the acceptances file)" : "";
  return `${s(a.id)}  ${a.state}${where}  until ${s(a.expiresAt)}  ${s(describeTarget(a.target))}  owner ${s(a.owner)}: ${s(a.reason)}`;
}

export function renderAcceptanceEvent(e: AcceptanceEvent): string {
  const a = e.acceptance;
  const target = s(describeTarget(a.target));
  if (e.action === "revoke") return `Revoked ${s(a.id)}: ${target} (by ${s(e.by)} at ${s(e.at)}).\n`;
  return [
    `${e.action === "renew" ? "Renewed" : "Accepted"} ${s(a.id)}: ${target}`,
    `  until ${s(a.expiresAt)} · owner ${s(a.owner)} · recorded by ${s(e.by)} at ${s(e.at)}`,
    `  reason: ${s(a.reason)}`,
    `  stays quiet while: ${describeBounds(a.upTo)}; alerts once when it expires or grows past that.`,
    "",
  ].join("\n");
}

export function renderAcceptancesText(listing: AcceptancesListing): string {
  const lines: string[] = [];
  const snapshot = listing.snapshotId ? `; findings of snapshot ${s(listing.snapshotId)}` : "";
  if (listing.acceptances.length === 0) {
    lines.push(`No acceptances for tenant ${s(listing.tenantId)}.`);
  } else {
    lines.push(
      `Acceptances of tenant ${s(listing.tenantId)} (${listing.acceptances.length}), soonest expiry first${snapshot}:`,
    );
    for (const a of listing.acceptances) {
      lines.push(describeAcceptance(a));
      for (const f of a.findings) lines.push(`    ${f.status}  ${s(f.key)}  ${s(f.title)}`);
      if (a.findings.length === 0 && listing.snapshotId) lines.push("    matches no finding of the latest audit");
    }
  }
  if (listing.problems.length > 0) {
    lines.push(`Acceptances file problems (${listing.problems.length}):`);
    for (const p of listing.problems) lines.push(`  - ${s(p)}`);
  }
  return `${lines.join("\n")}\n`;
}
