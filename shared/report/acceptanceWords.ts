/**
 * An acceptance on a finding in words, the same in every report (text, HTML, email, digest): who
 * accepted it, why and until when, or how it stopped covering the finding. Plain strings; each
 * renderer makes them safe for its medium (a reason and an owner are typed by people).
 */
import type { AcceptedBounds, FindingAcceptance } from "../acceptance/types.js";
import type { Finding } from "../exposure/types.js";
import { formatUtc } from "./format.js";

/** How long before its expiry an acceptance is called out (the digest's "expires within a week"). */
export const EXPIRY_NOTICE_MS = 7 * 86_400_000;

/** What an accepted finding may become and stay accepted. */
export function describeBounds(b: AcceptedBounds): string {
  const reach = b.syncedUsers === null ? "reach unknown" : `up to ${b.syncedUsers} synced users`;
  return `severity up to ${b.severity}, ${reach}${b.assignment === "eligible" ? ", while eligible" : ""}`;
}

/** "Accepted", "Grown past its acceptance", "Acceptance expired", "Acceptance revoked". */
export function acceptanceLabel(a: FindingAcceptance): string {
  switch (a.status) {
    case "accepted":
      return "Accepted";
    case "exceeded":
      return "Grown past its acceptance";
    case "expired":
      return "Acceptance expired";
    case "revoked":
      return "Acceptance revoked";
  }
}

/** The rest of the sentence after the label. */
export function acceptanceDetail(a: FindingAcceptance): string {
  const who = `owner ${a.owner}: ${a.reason}`;
  switch (a.status) {
    case "accepted":
      return `until ${formatUtc(a.expiresAt)} · ${who}`;
    case "exceeded":
      return `${(a.exceeded ?? []).join("; ")} · it alerts again · ${who}`;
    case "expired":
      return `on ${formatUtc(a.expiresAt)} · it alerts again · ${who}`;
    case "revoked":
      return `it alerts again · ${who}`;
  }
}

export function acceptanceSentence(a: FindingAcceptance): string {
  return `${acceptanceLabel(a)} ${acceptanceDetail(a)} (${a.id})`;
}

/** Accepted findings whose acceptance ends within EXPIRY_NOTICE_MS of `at`, soonest first. */
export function expiringSoon(findings: readonly Finding[], at: Date): Finding[] {
  const until = at.getTime() + EXPIRY_NOTICE_MS;
  return findings
    .filter((f) => f.acceptance?.status === "accepted" && Date.parse(f.acceptance.expiresAt) <= until)
    .sort((a, b) => a.acceptance!.expiresAt.localeCompare(b.acceptance!.expiresAt));
}
