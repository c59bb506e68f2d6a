/**
 * Severity rules, in one table so they can be read, argued about and changed in one place.
 *
 * | finding                   | condition                                                          | severity |
 * |---------------------------|--------------------------------------------------------------------|----------|
 * | any path / app permission | writeback known OFF                                                | info     |
 * | reset-path                | reaches no synced user                                             | low      |
 * | reset-path                | resetter is a synced (on-prem mastered) user: an on-prem compromise |          |
 * |                           | walks into the cloud and back                                      | critical |
 * | reset-path                | role can reset Global Administrators (GA, PAA, Partner Tier2)      | critical |
 * | reset-path                | tenant-wide, reaches synced users (or reach unknown)               | high     |
 * | reset-path                | AU-scoped, reaches >= 100 synced users                             | high     |
 * | reset-path                | AU-scoped, reaches 1-99 synced users                               | medium   |
 * |   modifier                | eligible (PIM), disabled account, or service principal without a   | one step |
 * |                           | password-writing app permission (app-only reset needs both)        | lower    |
 * |   floor                   | eligible never lowers a tenant-wide path below high: anyone it      | high     |
 * |                           | names can activate it at will                                      |          |
 * | app-permission            | password writer + reset-capable role that reaches GAs              | critical |
 * | app-permission            | password writer (or potential writer) + reset-capable role         | high     |
 * | app-permission            | password writer without a reset-capable role                       | medium   |
 * | app-permission            | potential writer without a role; UserAuthenticationMethod write    | low      |
 * | escalation-*              | one step to Global / Privileged Authentication Administrator, or   | critical |
 * |                           | to a tenant-wide reset                                             |          |
 * | escalation-*              | one step to an AU-scoped reset / reaches no synced user            | high / low |
 * |   modifier                | eligible holder, disabled account, target app without a password-  | one step |
 * |                           | writing permission                                                 | lower    |
 * | writeback                 | on / unknown / off                                                 | high / medium / info |
 * | declaration-contradicted  | always                                                             | critical |
 * | sspr                      | users' SSPR all / selected (writeback not off)                     | high / medium |
 * | sspr                      | none, unknown, or writeback off                                    | info     |
 * | sspr-admin                | administrators' SSPR on / off or unknown                           | low / info |
 * | synced-privileged         | tenant-takeover role (GA, PAA, PRA, Partner Tier2) / other         | critical / high (eligible: one lower) |
 * | synced-reset              | resets of synced users seen in the audit log                       | low      |
 *
 * While writeback is unknown, paths keep the "on" severity: the headline is labelled potential.
 * While appPermissions is unknown, a service principal's path is not lowered (it may hold the permission).
 * Modifiers never lower a finding below low (info is reserved for "cannot reach on-prem").
 */
import { SEVERITIES, severityRank, type Severity } from "./types.js";

export function lower(s: Severity, steps = 1): Severity {
  if (s === "info") return s;
  const i = Math.min(SEVERITIES.indexOf(s) + steps, SEVERITIES.indexOf("low"));
  return SEVERITIES[i]!;
}

export interface ResetPathFacts {
  writebackOff: boolean;
  reach: number | null;
  syncedResetter: boolean;
  resetsGlobalAdmins: boolean;
  tenantWide: boolean;
  eligible: boolean;
  disabled: boolean;
  servicePrincipalWithoutWriter: boolean;
}

export const AU_HIGH_REACH = 100;

export function resetPathSeverity(f: ResetPathFacts): Severity {
  if (f.writebackOff) return "info";
  if (f.reach === 0) return "low";
  let s: Severity;
  if (f.syncedResetter || f.resetsGlobalAdmins) s = "critical";
  else if (f.tenantWide || f.reach === null || f.reach >= AU_HIGH_REACH) s = "high";
  else s = "medium";
  const lowered = lower(s, Number(f.disabled) + Number(f.servicePrincipalWithoutWriter));
  if (!f.eligible) return lowered;
  return f.tenantWide && severityRank(lowered) >= severityRank("high")
    ? atLeast(lower(lowered), "high")
    : lower(lowered);
}

function atLeast(s: Severity, floor: Severity): Severity {
  return severityRank(s) >= severityRank(floor) ? s : floor;
}

export interface EscalationFacts {
  writebackOff: boolean;
  reach: number | null;
  /** Leads to Global / Privileged Authentication Administrator or to a tenant-wide reset. */
  critical: boolean;
  eligible: boolean;
  disabled: boolean;
  targetWithoutWriter: boolean;
}

export function escalationSeverity(f: EscalationFacts): Severity {
  if (f.writebackOff) return "info";
  if (f.reach === 0) return "low";
  const s: Severity = f.critical ? "critical" : "high";
  return lower(s, Number(f.eligible) + Number(f.disabled) + Number(f.targetWithoutWriter));
}

export type AppPermissionClass = "writer" | "potential-writer" | "role-escalation" | "escalation";

export function appPermissionSeverity(
  cls: AppPermissionClass,
  role: "none" | "resets" | "resets-global-admins",
  writebackOff: boolean,
): Severity {
  if (writebackOff) return "info";
  const canWrite = cls === "writer" || cls === "potential-writer";
  if (canWrite && role === "resets-global-admins") return "critical";
  if (canWrite && role === "resets") return "high";
  if (cls === "writer" || cls === "role-escalation") return "medium";
  return "low";
}
