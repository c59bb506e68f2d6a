/**
 * Exposure: what a snapshot means for password writeback, derived by a pure function
 * (computeExposure). This is also the `audit --json` output contract and what the diff compares.
 */
import type { PrincipalType, SectionName, UnknownReason } from "../snapshot/types.js";
import type { FindingAcceptance } from "../acceptance/types.js";

export type Severity = "critical" | "high" | "medium" | "low" | "info";

/** Highest first; use severityRank() to compare. */
export const SEVERITIES: readonly Severity[] = ["critical", "high", "medium", "low", "info"] as const;

export function severityRank(s: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(s);
}

export type TriState = "on" | "off" | "unknown";

export interface Evidence {
  /** Where it came from. */
  source: "reported-flag" | "audit-toggle" | "audit-reset" | "declared" | "licence" | "carried";
  /** What it says about the state. "none" = consulted, says nothing either way. */
  indicates: "on" | "off" | "none";
  /** Decided the state (at most one item per state derivation). */
  decisive: boolean;
  /** When the underlying fact happened, if known. */
  at?: string | null;
  /** One sentence a security engineer can read. Tenant strings inside are raw (escape when rendering). */
  detail: string;
}

export interface WritebackState {
  state: TriState;
  evidence: Evidence[];
}

export type SsprUsersScope = "none" | "selected" | "all" | "unknown";

export interface SsprState {
  /** authorizationPolicy.allowedToUseSSPR: administrators' SSPR. null when unknown. */
  adminSspr: boolean | null;
  /** Inferred from isSsprEnabled over synced users. */
  usersScope: SsprUsersScope;
  ssprEnabledSyncedUsers: number | null;
  syncedUsers: number | null;
}

/**
 * The version of the Headline shape, stored beside it in each snapshot summary row: a stored headline
 * is the one derived figure not recomputed on read, so an older row is brought up to date by
 * migrateHeadline.ts. Bump it, with a step there, when a figure is added or changes meaning.
 * 2: syncedUsersReached.
 */
export const HEADLINE_SCHEMA_VERSION = 2;

export interface Headline {
  /** Distinct principals (users, service principals) holding at least one reset path that reaches a synced user. */
  resetters: number | null;
  /** Every synced user of the tenant, reached or not. */
  syncedUsers: number | null;
  /** Sum over resetters of the synced users each can reach (resetters × reachable synced users). */
  resetPaths: number | null;
  /**
   * Distinct synced users at least one direct reset path reaches (one-hop paths are apart, below):
   * each counted once however many resetters reach them. 0 when writeback is known off, like resetPaths.
   * Null in summaries stored before the figure existed (migrateHeadline.ts).
   */
  syncedUsersReached: number | null;
  /** True while writeback is unknown: the figures are what WOULD be exposed. Zero paths only when known off. */
  potential: boolean;
  /**
   * Synced accounts declared protected on-premises (PROTECTED_ONPREM_ACCOUNTS) and left out of every
   * reach; accounts in AD protected groups that are not declared are counted. Absent when the
   * snapshot does not say (older snapshots, or synced users unknown).
   */
  onPremProtected?: { declaredEntries: number; excludedSyncedUsers: number };
  /**
   * One-hop paths, apart from the direct ones: principals that can make themselves resetters in one
   * step, counted for the synced users the step would reach beyond what they reach directly. Same
   * nulls and zeros as the direct figures. Absent in exposures computed before escalations were modelled.
   */
  oneHop?: { resetters: number | null; resetPaths: number | null };
  /**
   * The direct figures without the accepted findings (shared/acceptance): what is left for owners to
   * act on, and how many findings are not accepted. Set when acceptances were applied (reports, API, CLI).
   */
  unaccepted?: { resetters: number | null; resetPaths: number | null; findings: number };
}

/** Every kind of finding, in the order the README lists them; a threshold per kind can be set by name. */
export const FINDING_KINDS = [
  "reset-path", // a principal that can reset synced users' passwords
  "app-permission", // an app-only Graph permission that writes passwords
  "writeback", // tenant-level writeback state
  "declaration-contradicted", // WRITEBACK_DECLARED disagrees with observed evidence
  "sspr", // users' SSPR reachable by synced users
  "sspr-admin", // administrators' SSPR enabled
  "synced-privileged", // a synced (on-prem mastered) account holds a privileged cloud role
  "synced-reset", // password resets of synced users seen in the audit log
  // One-hop escalations: a principal one step away from resetting synced users (Finding.hop says how).
  "escalation-role-assignment", // can assign any directory role (Privileged Role Administrator, custom roles, RoleManagement.ReadWrite.Directory)
  "escalation-app-role-grant", // can grant itself any Graph permission (AppRoleAssignment.ReadWrite.All)
  "escalation-group-owner", // owns a role-assignable group that holds a reset-capable role
  "escalation-group-membership", // can add members to role-assignable groups
  "escalation-app-owner", // owns an application that can reset passwords
  "escalation-app-credentials", // can add credentials to an application that can reset passwords
] as const;

export type FindingKind = (typeof FINDING_KINDS)[number];

export const ESCALATION_KINDS: readonly FindingKind[] = FINDING_KINDS.filter((k) => k.startsWith("escalation-"));

export function isEscalation(kind: FindingKind): boolean {
  return kind.startsWith("escalation-");
}

/** The one step of an escalation finding: what the principal can do, to what, and where it leads. */
export interface FindingHop {
  /** One line, plain text: "add a secret to HR Sync Connector". Tenant strings raw. */
  step: string;
  /** The role actions or Graph permission that allow the step. */
  grants: string[];
  target: { type: "role" | "servicePrincipal" | "group"; id: string; displayName: string | null };
  /** The reset-capable role the step ends in. */
  leadsTo: FindingRole;
  tenantWide: boolean;
}

export interface FindingPrincipal {
  id: string;
  type: PrincipalType;
  displayName: string | null;
  userPrincipalName?: string | null;
  /** Users: synced from on-prem. */
  synced?: boolean;
}

export interface FindingRole {
  id: string;
  templateId: string;
  displayName: string | null;
  isBuiltIn: boolean;
}

export interface FindingVia {
  kind: "group" | "app-permission";
  id: string;
  displayName: string | null;
}

export interface Finding {
  /** Stable across runs; drives the diff. e.g. reset-path:<principalId>:<roleTemplateId>:<scope>:<active|eligible>[:via:<groupId>] */
  key: string;
  kind: FindingKind;
  severity: Severity;
  /** One line, plain text; tenant strings raw (renderers escape). */
  title: string;
  principal?: FindingPrincipal;
  role?: FindingRole;
  /** "/" tenant-wide, "/administrativeUnits/{id}", or "tenant" for tenant-level findings. */
  scope: string;
  scopeDisplayName?: string | null;
  assignment?: "active" | "eligible";
  via?: FindingVia;
  reach: {
    /** Synced users this finding reaches; null when a needed section is unknown. */
    syncedUsers: number | null;
    /** A few UPNs of reachable synced users, for the report. */
    sample?: string[];
    /**
     * Set when Microsoft documents no reset reach for this role at this scope (custom roles, built-ins
     * the tables do not list): the sentence saying what was assumed instead.
     */
    assumed?: string;
  };
  /** Escalation findings: the step. */
  hop?: FindingHop;
  /** What an owner should do about it. */
  remediation?: string;
  /** Extra facts for the kind (counts, event times...). Plain JSON. */
  detail?: Record<string, unknown>;
  /** Set when an acceptance matches the finding (shared/acceptance): accepted, exceeded, expired or revoked. */
  acceptance?: FindingAcceptance;
}

export interface Coverage {
  section: SectionName;
  status: "ok" | "unknown";
  reason?: UnknownReason;
  detail?: string;
  missingPermission?: string;
}

export interface Exposure {
  tenantId: string;
  snapshotId: string;
  takenAt: string;
  writeback: WritebackState;
  sspr: SsprState;
  headline: Headline;
  /** Sorted by severity (highest first), then key. */
  findings: Finding[];
  coverage: Coverage[];
  /** Set when acceptances were applied: how many are in force, and the acceptances file's problems. */
  acceptances?: { inForce: number; problems: string[] };
}
