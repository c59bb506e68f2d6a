/**
 * Writeback state from evidence (DESIGN "Writeback and SSPR state"). Graph has no authoritative
 * switch, so every source consulted becomes an Evidence item and exactly one decides.
 *
 * Precedence, strongest first:
 *  1. Observed audit evidence, newest wins: a successful "Enable/Disable password writeback for
 *     directory" toggle, or a successful password reset, change or unlock of a synced user through
 *     the password reset service (which writes it back, so it proves "on" at that time). A disable
 *     toggle newer than the newest such reset wins; a reset newer than a disable toggle proves it was
 *     switched back on. Core Directory resets prove nothing (shared/snapshot/auditActivities.ts).
 *  2. Licence: no Entra ID P1/P2 (nor a bundle carrying it) → "off"; writeback cannot run without it.
 *  3. The operator's declaration (WRITEBACK_DECLARED on/off).
 *  4. The reported sync feature flag, only when true: Microsoft documents the flag as not in use, so
 *     "false" is recorded but never proves "off".
 *  Otherwise "unknown". A declaration that disagrees with 1 or 2 is a `declaration-contradicted`
 *  finding (see declarationContradiction).
 */
import type { Evidence, WritebackState } from "./types.js";
import type {
  AuditEventsData,
  DeclaredWriteback,
  Snapshot,
  SyncedUserResetEvent,
  WritebackToggleEvent,
} from "../snapshot/types.js";
import { provesWriteback } from "../snapshot/auditActivities.js";

type Observed = { state: "on" | "off"; at: string; evidence: Evidence };

export function deriveWritebackState(snapshot: Snapshot): WritebackState {
  const { sections } = snapshot;
  const evidence: Evidence[] = [];

  // Without this run's audit log, what the chain carried still stands (marked as carried).
  const carried = snapshot.carriedEvidence;
  const observed =
    sections.auditEvents.status === "ok"
      ? newestObserved(sections.auditEvents.data)
      : carried
        ? newestObserved({ since: "", until: "", toggles: [], syncedUserResets: [], ...carried })
        : [];
  evidence.push(...observed.map((o) => o.evidence));
  const newest = observed[0];

  let licenceOff: Evidence | undefined;
  if (sections.licences.status === "ok") {
    const { p1, p2, premiumSkus } = sections.licences.data;
    const has = p1 || p2;
    licenceOff = {
      source: "licence",
      indicates: has ? "none" : "off",
      decisive: false,
      detail: has
        ? `Entra ID ${p2 ? "P2" : "P1"} licence present (${premiumSkus.join(", ") || "premium SKU"}): writeback is possible.`
        : "No Entra ID P1/P2 licence: password writeback cannot run without one.",
    };
    evidence.push(licenceOff);
    if (has) licenceOff = undefined;
  }

  const declared = declarationEvidence(snapshot.declaredWriteback);
  if (declared) evidence.push(declared);

  let reported: Evidence | undefined;
  if (sections.syncFeatures.status === "ok") {
    const flag = sections.syncFeatures.data.features["passwordWritebackEnabled"];
    reported = {
      source: "reported-flag",
      indicates: flag === true ? "on" : "none",
      decisive: false,
      detail:
        flag === true
          ? "onPremisesSynchronization reports passwordWritebackEnabled = true (a weak signal: Microsoft documents the flag as not in use)."
          : `onPremisesSynchronization reports passwordWritebackEnabled = ${String(flag ?? "absent")}; Microsoft documents the flag as not in use, so this does not prove writeback is off.`,
    };
    evidence.push(reported);
  }

  const decisive =
    newest?.evidence ??
    licenceOff ??
    (declared && declared.indicates !== "none" ? declared : undefined) ??
    (reported?.indicates === "on" ? reported : undefined);
  if (!decisive) return { state: "unknown", evidence };
  decisive.decisive = true;
  return { state: decisive.indicates === "none" ? "unknown" : decisive.indicates, evidence };
}

/**
 * The observed audit evidence, newest first. Only successful events count: a failed reset proves
 * nothing about writeback (it may have failed because writeback is off).
 */
function newestObserved(audit: AuditEventsData): Observed[] {
  const newToggleIds = new Set(audit.toggles.map((t) => t.id));
  const newResetIds = new Set(audit.syncedUserResets.map((r) => r.id));

  const toggle = newestOf([...audit.toggles, ...(audit.lastToggle ? [audit.lastToggle] : [])].filter(succeeded));
  // Only the password reset service proves writeback: a Core Directory reset (PowerShell, the
  // Microsoft 365 admin center) can succeed in the cloud without it.
  const reset = newestOf(
    [...audit.syncedUserResets, ...(audit.lastSyncedUserReset ? [audit.lastSyncedUserReset] : [])]
      .filter(succeeded)
      .filter(provesWriteback),
  );
  const out: Observed[] = [];
  if (toggle) out.push(toggleObservation(toggle, !newToggleIds.has(toggle.id)));
  if (reset) out.push(resetObservation(reset, !newResetIds.has(reset.id)));
  // Newest first; on a tie a disable toggle wins (it is the explicit statement).
  return out.sort((a, b) => compareTimes(b.at, a.at) || (a.state === "off" ? -1 : 1));
}

function toggleObservation(t: WritebackToggleEvent, carried: boolean): Observed {
  const state = t.activity === "enable" ? "on" : "off";
  return {
    state,
    at: t.at,
    evidence: {
      source: carried ? "carried" : "audit-toggle",
      indicates: state,
      decisive: false,
      at: t.at,
      detail: `Audit log: "${t.activity === "enable" ? "Enable" : "Disable"} password writeback for directory" at ${t.at} by ${actorName(t.initiatedBy)}${carried ? " (carried from an earlier snapshot)" : ""}.`,
    },
  };
}

function resetObservation(r: SyncedUserResetEvent, carried: boolean): Observed {
  return {
    state: "on",
    at: r.at,
    evidence: {
      source: carried ? "carried" : "audit-reset",
      indicates: "on",
      decisive: false,
      at: r.at,
      detail: `Audit log: "${r.activity}" (${r.service ?? "Self-service Password Management"}) of synced user ${r.targetUserPrincipalName ?? r.targetUserId ?? "(unknown)"} succeeded at ${r.at}: the password reset service wrote it back to on-premises AD${carried ? " (carried from an earlier snapshot)" : ""}.`,
    },
  };
}

function declarationEvidence(declared: DeclaredWriteback): Evidence | undefined {
  if (declared === "unset") return undefined;
  return {
    source: "declared",
    indicates: declared,
    decisive: false,
    detail: `WRITEBACK_DECLARED = ${declared}: the operator states writeback is ${declared} in the portal.`,
  };
}

export interface DeclarationContradiction {
  declared: "on" | "off";
  observed: "on" | "off";
  evidence: Evidence;
}

/** The declaration disagrees with observed evidence (audit log or licence), or undefined. */
export function declarationContradiction(
  snapshot: Snapshot,
  state: WritebackState,
): DeclarationContradiction | undefined {
  const declared = snapshot.declaredWriteback;
  if (declared === "unset") return undefined;
  const decisive = state.evidence.find((e) => e.decisive);
  if (!decisive || decisive.source === "declared" || decisive.source === "reported-flag") return undefined;
  if (decisive.indicates === "none" || decisive.indicates === declared) return undefined;
  return { declared, observed: decisive.indicates, evidence: decisive };
}

function succeeded(e: { result: string }): boolean {
  return e.result.toLowerCase() === "success";
}

function newestOf<T extends { at: string }>(events: T[]): T | undefined {
  return events.reduce<T | undefined>((best, e) => (!best || compareTimes(e.at, best.at) > 0 ? e : best), undefined);
}

function compareTimes(a: string, b: string): number {
  return Date.parse(a) - Date.parse(b) || (a < b ? -1 : a > b ? 1 : 0);
}

function actorName(actor: WritebackToggleEvent["initiatedBy"]): string {
  return actor.userPrincipalName ?? actor.displayName ?? actor.userId ?? actor.appId ?? "an unknown actor";
}
