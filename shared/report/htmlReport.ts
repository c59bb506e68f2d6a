/**
 * The HTML exposure report: the page a security engineer opens from an alert email or the HTTP
 * endpoint. Pure: exposure + recent changes in, one self-contained document and its CSP out.
 *
 * Every tenant string goes through the `markup` tagged template (escaped); the only unescaped text is
 * the constant stylesheet, which the CSP allows by hash. No scripts, fonts, images or external CSS.
 */
import type { Coverage, Evidence, Exposure, Finding, Severity } from "../exposure/types.js";
import { SEVERITIES, isEscalation } from "../exposure/types.js";
import type { SnapshotSummary, StoredChange } from "../store/types.js";
import type { Direction } from "../diff/types.js";
import { markup, safeHttpUrl, trustedHtml, type SafeHtml } from "./safeHtml.js";
import { REPORT_STYLE, reportContentSecurityPolicy } from "./htmlReportStyle.js";
import { administrativeUnitOf } from "../snapshot/scope.js";
import { count, formatUtc } from "./format.js";
import type { Trend } from "./trend.js";
import { trendSection } from "./trendChart.js";
import { onPremProtectedNote } from "./reachNotes.js";
import { acceptanceDetail, acceptanceLabel } from "./acceptanceWords.js";
import { changeMark } from "../diff/changeMark.js";

export interface HtmlReportInput {
  exposure: Exposure;
  summary?: SnapshotSummary;
  recentChanges: StoredChange[];
  /** ISO instant the page was rendered. */
  generatedAt: string;
  /** Where this report lives (REPORT_URL), shown as a permanent link. */
  reportUrl?: string;
  /** The headline over the retained snapshots; absent: the Trend section says there is none yet. */
  trend?: Trend;
  /** Set when newer snapshots cannot be read and this is an older one: why, in one sentence. */
  olderThanNewest?: { detail: string };
  /**
   * One audit rendered to a file (the CLI), not a deployment's page: no trend or recent-changes
   * section (there is no stored history), and the CSP goes in a meta element, as no header carries it.
   */
  standalone?: boolean;
}

export interface HtmlReport {
  html: string;
  /** Send as the Content-Security-Policy header with the page. */
  contentSecurityPolicy: string;
}

/** Rows shown per table before the rest is left to the JSON endpoint (keeps pages of huge tenants usable). */
export const MAX_ROWS_PER_GROUP = 200;
export const MAX_CHANGES_SHOWN = 50;

const RESET_PATH_KINDS = new Set<Finding["kind"]>(["reset-path", "app-permission"]);

export function renderHtmlReport(input: HtmlReportInput): HtmlReport {
  const { exposure } = input;
  const page = markup`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
${
  input.standalone
    ? markup`<meta http-equiv="Content-Security-Policy" content="${metaContentSecurityPolicy()}">
`
    : ""
}<title>Password writeback exposure · ${exposure.tenantId}</title>
<style>${trustedHtml(REPORT_STYLE)}</style>
</head>
<body>
<a class="skip" href="#main">Skip to the report</a>
<header>
<h1>Password writeback exposure</h1>
<p class="muted">Tenant <code>${exposure.tenantId}</code> · snapshot taken <time datetime="${exposure.takenAt}">${formatUtc(exposure.takenAt)}</time></p>
${olderSnapshotNote(input.olderThanNewest)}
</header>
<main id="main">
${headlineSection(exposure)}
${input.standalone ? markup`<p class="muted">Rendered from one audit by the writeback-watch CLI: the trend and the recent changes are in the deployment's report.</p>` : trendSection(input.trend)}
${stateSection(exposure)}
${resetPathsSection(exposure.findings.filter((f) => RESET_PATH_KINDS.has(f.kind)))}
${escalationsSection(exposure.findings.filter((f) => isEscalation(f.kind)))}
${tenantFindingsSection(exposure.findings.filter((f) => !RESET_PATH_KINDS.has(f.kind) && !isEscalation(f.kind)))}
${input.standalone ? "" : changesSection(input.recentChanges)}
${coverageSection(exposure.coverage)}
${acceptanceProblemsSection(exposure.acceptances?.problems ?? [])}
</main>
${footer(input)}
</body>
</html>
`;
  return { html: page.toString(), contentSecurityPolicy: reportContentSecurityPolicy() };
}

/** The page's CSP less frame-ancestors, which a meta element cannot carry (browsers ignore it there). */
function metaContentSecurityPolicy(): string {
  return reportContentSecurityPolicy()
    .split("; ")
    .filter((d) => !d.startsWith("frame-ancestors"))
    .join("; ");
}

// ---- sections ----------------------------------------------------------------------------------

/** Said first: the figures below are not the newest audit's. */
function olderSnapshotNote(older: HtmlReportInput["olderThanNewest"]): SafeHtml | "" {
  return older
    ? markup`<p class="note" role="alert" data-note="olderThanNewest"><strong>This is not the newest snapshot.</strong> ${older.detail}</p>`
    : "";
}

function headlineSection(exposure: Exposure): SafeHtml {
  const h = exposure.headline;
  const potential = h.potential ? markup` <span class="badge potential">POTENTIAL</span>` : "";
  const urgent = exposure.findings.filter((f) => f.severity === "critical" || f.severity === "high").length;
  return markup`<section aria-labelledby="h-headline">
<h2 id="h-headline">Headline</h2>
<dl class="figures">
<div class="figure"><dt>Reset-to-on-prem paths${potential}</dt><dd data-figure="resetPaths">${count(h.resetPaths)}</dd></div>
<div class="figure"><dt>Principals who can reset${potential}</dt><dd data-figure="resetters">${count(h.resetters)}</dd></div>
<div class="figure"><dt>One-hop paths${potential}</dt><dd data-figure="oneHopPaths">${count(h.oneHop?.resetPaths ?? null)}</dd></div>
<div class="figure"><dt>Principals one step from resetting</dt><dd data-figure="oneHopResetters">${count(h.oneHop?.resetters ?? null)}</dd></div>
<div class="figure"><dt>Synced users reached${potential}</dt><dd><span data-figure="syncedUsersReached">${count(h.syncedUsersReached)}</span> <span class="of">of <span data-figure="syncedUsers">${count(h.syncedUsers)}</span></span></dd></div>
<div class="figure"><dt>Critical and high findings</dt><dd data-figure="urgent">${count(urgent)}</dd></div>
${unacceptedFigures(h)}
</dl>
${headlineNote(exposure)}
${protectedNote(exposure)}
</section>`;
}

/** Beside the figures for every finding, the ones left once the accepted findings are set aside. */
function unacceptedFigures(h: Exposure["headline"]): SafeHtml | "" {
  if (!h.unaccepted) return "";
  return markup`<div class="figure"><dt>Reset paths not accepted</dt><dd data-figure="unacceptedResetPaths">${count(h.unaccepted.resetPaths)}</dd></div>
<div class="figure"><dt>Findings not accepted</dt><dd data-figure="unacceptedFindings">${count(h.unaccepted.findings)}</dd></div>`;
}

function protectedNote(exposure: Exposure): SafeHtml | "" {
  const note = onPremProtectedNote(exposure);
  return note ? markup`<p class="muted" data-note="onPremProtected">${note}</p>` : "";
}

function headlineNote(exposure: Exposure): SafeHtml {
  if (exposure.headline.potential) {
    return markup`<p class="note"><strong>Potential exposure.</strong> Whether password writeback is on could not be established, so these figures are what <em>would</em> reach on-premises Active Directory if it is on. Declare the portal setting with <code>WRITEBACK_DECLARED</code> or check the evidence below.</p>`;
  }
  switch (exposure.writeback.state) {
    case "on":
      return markup`<p class="note"><strong>Writeback is on.</strong> Each reset path below can change the on-premises Active Directory password of the synced users it reaches.</p>`;
    case "off":
      return markup`<p>Writeback is known to be off: cloud password resets do not reach on-premises Active Directory. The paths below become real if it is turned on.</p>`;
    default:
      return markup``;
  }
}

function stateSection(exposure: Exposure): SafeHtml {
  const { writeback, sspr } = exposure;
  return markup`<section aria-labelledby="h-state">
<h2 id="h-state">Writeback and self-service password reset</h2>
<dl class="kv">
<dt>Password writeback</dt><dd>${stateBadge(writeback.state)}</dd>
<dt>Administrators' SSPR</dt><dd>${sspr.adminSspr === null ? "unknown" : sspr.adminSspr ? "enabled" : "disabled"} <span class="muted">(authorizationPolicy.allowedToUseSSPR)</span></dd>
<dt>Users' SSPR scope</dt><dd>${SSPR_SCOPE[sspr.usersScope]}${ssprCounts(sspr.ssprEnabledSyncedUsers, sspr.syncedUsers)}</dd>
</dl>
${evidenceTable(writeback.evidence)}
</section>`;
}

function evidenceTable(evidence: Evidence[]): SafeHtml {
  if (evidence.length === 0) return markup`<p>No evidence about the writeback state was found.</p>`;
  return markup`<table class="stack">
<caption>Evidence for the writeback state</caption>
<thead><tr><th scope="col" class="w25">Source</th><th scope="col" class="w15">Indicates</th><th scope="col" class="w15">When</th><th scope="col" class="w45">Detail</th></tr></thead>
<tbody>
${evidence.map(
  (e) => markup`<tr>
<th scope="row">${EVIDENCE_SOURCE[e.source]}${e.decisive ? markup` <span class="badge state-unknown">decisive</span>` : ""}</th>
<td data-label="Indicates">${e.indicates === "none" ? "nothing either way" : e.indicates}</td>
<td data-label="When">${e.at ? markup`<time datetime="${e.at}">${formatUtc(e.at)}</time>` : "—"}</td>
<td data-label="Detail">${t(e.detail)}</td>
</tr>`,
)}
</tbody>
</table>`;
}

function resetPathsSection(findings: Finding[]): SafeHtml {
  const body =
    findings.length === 0
      ? markup`<p>No principal can reset a synced user's password.</p>`
      : bySeverity(findings).map(
          ([
            severity,
            group,
          ]) => markup`<h3 id="h-paths-${severity}">${SEVERITY_LABEL[severity]} <span class="muted">(${count(group.length)})</span></h3>
<table class="stack" aria-labelledby="h-paths-${severity}">
<thead><tr><th scope="col" class="w27">Who</th><th scope="col" class="w30">How</th><th scope="col" class="w18">Reach</th><th scope="col" class="w25">What to do</th></tr></thead>
<tbody>
${group.slice(0, MAX_ROWS_PER_GROUP).map(resetPathRow)}
</tbody>
</table>
${moreRows(group.length)}`,
        );
  return markup`<section aria-labelledby="h-paths">
<h2 id="h-paths">Reset paths</h2>
<p class="muted">Who can reset synced users' passwords, how they hold the right, and how many synced users each reaches.</p>
${body}
</section>`;
}

function resetPathRow(f: Finding): SafeHtml {
  return markup`<tr>
<th scope="row">${who(f)}${acceptanceNote(f)}</th>
<td data-label="How">${how(f)}</td>
<td data-label="Reach">${reach(f)}</td>
<td data-label="What to do">${t(f.remediation) ?? "—"}</td>
</tr>`;
}

function escalationsSection(findings: Finding[]): SafeHtml {
  const rows = sortBySeverity(findings).slice(0, MAX_ROWS_PER_GROUP);
  const body =
    findings.length === 0
      ? markup`<p>No principal is one step from resetting synced users' passwords.</p>`
      : markup`<table class="stack">
<thead><tr><th scope="col" class="w25">Who</th><th scope="col" class="w12">Severity</th><th scope="col" class="w30">One step</th><th scope="col" class="w15">Reach</th><th scope="col" class="w18">What to do</th></tr></thead>
<tbody>
${rows.map(
  (f) => markup`<tr>
<th scope="row">${who(f)}${acceptanceNote(f)}</th>
<td data-label="Severity">${severityBadge(f.severity)}</td>
<td data-label="One step"><div>Can ${t(f.hop?.step)}</div><div class="muted">${holdsStep(f)}leads to ${t(f.hop?.leadsTo.displayName ?? f.hop?.leadsTo.templateId)}</div></td>
<td data-label="Reach">${reach(f)}</td>
<td data-label="What to do">${t(f.remediation) ?? "—"}</td>
</tr>`,
)}
</tbody>
</table>
${moreRows(findings.length)}`;
  return markup`<section aria-labelledby="h-escalations">
<h2 id="h-escalations">One-hop escalations</h2>
<p class="muted">Who is not a resetter (or a narrower one) but can make themselves one in a single step, and what that step would reach. Counted apart from the direct paths above.</p>
${body}
</section>`;
}

function holdsStep(f: Finding): SafeHtml | "" {
  if (f.role) return markup`as ${t(f.role.displayName ?? f.role.templateId)} (${f.assignment ?? "active"}) · `;
  if (f.via?.kind === "app-permission") return markup`through ${t(f.via.displayName ?? f.via.id)} · `;
  return f.kind === "escalation-group-owner" || f.kind === "escalation-app-owner" ? markup`as owner · ` : "";
}

function tenantFindingsSection(findings: Finding[]): SafeHtml {
  const body =
    findings.length === 0
      ? markup`<p>No tenant-level findings.</p>`
      : markup`<table class="stack">
<thead><tr><th scope="col" class="w35">Finding</th><th scope="col" class="w12">Severity</th><th scope="col" class="w23">Detail</th><th scope="col" class="w30">What to do</th></tr></thead>
<tbody>
${sortBySeverity(findings)
  .slice(0, MAX_ROWS_PER_GROUP)
  .map(
    (f) => markup`<tr>
<th scope="row">${t(f.title)}${acceptanceNote(f)}</th>
<td data-label="Severity">${severityBadge(f.severity)}</td>
<td data-label="Detail">${tenantFindingDetail(f)}</td>
<td data-label="What to do">${t(f.remediation) ?? "—"}</td>
</tr>`,
  )}
</tbody>
</table>
${moreRows(findings.length)}`;
  return markup`<section aria-labelledby="h-tenant">
<h2 id="h-tenant">Tenant findings</h2>
${body}
</section>`;
}

function tenantFindingDetail(f: Finding): SafeHtml {
  const parts: SafeHtml[] = [];
  if (f.principal) parts.push(markup`<div>${principalName(f)}</div>`);
  if (f.role) parts.push(markup`<div>Role: ${t(f.role.displayName ?? f.role.templateId)}</div>`);
  if (f.reach.syncedUsers !== null && f.reach.syncedUsers > 0) parts.push(markup`<div>${reach(f)}</div>`);
  return parts.length > 0 ? markup`${parts}` : markup`—`;
}

function changesSection(changes: StoredChange[]): SafeHtml {
  const newestFirst = [...changes].sort((a, b) => b.detectedAt.localeCompare(a.detectedAt));
  const tally = (d: Direction) => changes.filter((c) => c.direction === d).length;
  const body =
    changes.length === 0
      ? markup`<p>No changes were recorded in this period.</p>`
      : markup`<p><span class="dir-increase">${count(tally("increase"))} increased</span> · <span class="dir-decrease">${count(tally("decrease"))} decreased</span> · ${count(tally("neutral"))} neutral</p>
<table class="stack">
<thead><tr><th scope="col" class="w50">Change</th><th scope="col" class="w20">Direction</th><th scope="col" class="w12">Severity</th><th scope="col" class="w18">Detected</th></tr></thead>
<tbody>
${newestFirst.slice(0, MAX_CHANGES_SHOWN).map(
  (c) => markup`<tr>
<th scope="row">${t(c.summary)}</th>
<td data-label="Direction" class="dir-${c.direction}">${DIRECTION_LABEL[c.direction]}</td>
<td data-label="Severity">${changeBadge(c)}</td>
<td data-label="Detected"><time datetime="${c.detectedAt}">${formatUtc(c.detectedAt)}</time></td>
</tr>`,
)}
</tbody>
</table>
${changes.length > MAX_CHANGES_SHOWN ? markup`<p class="muted">Showing the newest ${MAX_CHANGES_SHOWN} of ${count(changes.length)} changes.</p>` : ""}`;
  return markup`<section aria-labelledby="h-changes">
<h2 id="h-changes">Recent changes</h2>
${body}
</section>`;
}

function coverageSection(coverage: Coverage[]): SafeHtml {
  // A section read in part (ok, but with a reason: e.g. group members without PIM for Groups) is a gap too.
  const gaps = coverage.filter((c) => c.status === "unknown" || c.reason !== undefined);
  const body =
    gaps.length === 0
      ? markup`<p>Every section was collected: the figures above are complete.</p>`
      : markup`<p>These sections could not be read in full, so the figures above may be incomplete. An unknown section never counts as a decrease.</p>
<table class="stack">
<thead><tr><th scope="col" class="w28">Section</th><th scope="col" class="w22">Why</th><th scope="col" class="w50">What to do</th></tr></thead>
<tbody>
${gaps.map(
  (g) => markup`<tr>
<th scope="row">${SECTION_LABEL[g.section] ?? g.section} <code>${g.section}</code></th>
<td data-label="Why">${g.status === "ok" ? "Read in part: " : ""}${g.reason ? REASON_LABEL[g.reason] : "unknown"}</td>
<td data-label="What to do">${g.missingPermission ? markup`<div>Grant the Microsoft Graph application permission <code>${g.missingPermission}</code> to the app's managed identity.</div>` : ""}${g.detail ? markup`<div class="muted">${t(g.detail)}</div>` : ""}</td>
</tr>`,
)}
</tbody>
</table>`;
  return markup`<section aria-labelledby="h-coverage">
<h2 id="h-coverage">Coverage gaps</h2>
${body}
</section>`;
}

function acceptanceProblemsSection(problems: string[]): SafeHtml | "" {
  if (problems.length === 0) return "";
  return markup`<section aria-labelledby="h-acceptance-problems">
<h2 id="h-acceptance-problems">Acceptances file problems</h2>
<p>These entries of the acceptances file (<code>ACCEPTANCES_FILE</code>) do not apply; the rest do.</p>
<ul>${problems.map((p) => markup`<li>${t(p)}</li>`)}</ul>
</section>`;
}

function footer(input: HtmlReportInput): SafeHtml {
  const link = safeHttpUrl(input.reportUrl);
  const size = input.summary
    ? markup` Stored as ${count(input.summary.storedBytes)} compressed bytes in ${count(input.summary.chunkRows)} rows.`
    : "";
  return markup`<footer>
<p>Snapshot <code>${input.exposure.snapshotId}</code> taken <time datetime="${input.exposure.takenAt}">${formatUtc(input.exposure.takenAt)}</time>.${size} Report generated <time datetime="${input.generatedAt}">${formatUtc(input.generatedAt)}</time> by writeback-watch.</p>
${link ? markup`<p><a href="${link}">Open the latest report</a></p>` : ""}
</footer>`;
}

// ---- pieces --------------------------------------------------------------------------------------

function who(f: Finding): SafeHtml {
  if (!f.principal) return markup`${t(f.title)}`;
  const p = f.principal;
  return markup`${principalName(f)}
<div class="muted">${PRINCIPAL_TYPE[p.type]}${p.synced ? " · synced from on-premises" : ""}</div>`;
}

/** Accepted (owner, reason, expiry), or how the acceptance stopped covering the finding. */
function acceptanceNote(f: Finding): SafeHtml | "" {
  const a = f.acceptance;
  if (!a) return "";
  const badge = a.status === "accepted" ? "accepted" : "acceptance-ended";
  return markup`<div class="acceptance" data-acceptance="${a.status}"><span class="badge ${badge}">${acceptanceLabel(a)}</span> <span class="muted">${t(acceptanceDetail(a))}</span></div>`;
}

function principalName(f: Finding): SafeHtml {
  const p = f.principal;
  if (!p) return markup``;
  const upn =
    p.userPrincipalName && p.userPrincipalName !== p.displayName
      ? markup`<div class="muted">${t(p.userPrincipalName)}</div>`
      : "";
  return markup`<div>${t(p.displayName ?? p.id)}</div>${upn}`;
}

function how(f: Finding): SafeHtml {
  const lines: SafeHtml[] = [];
  if (f.role) {
    lines.push(
      markup`<div>${t(f.role.displayName ?? f.role.templateId)}${f.role.isBuiltIn ? "" : " (custom role)"}</div>`,
    );
  } else {
    lines.push(markup`<div>${t(f.title)}</div>`);
  }
  lines.push(markup`<div>${scopeText(f)}</div>`);
  if (f.assignment)
    lines.push(markup`<div>${f.assignment === "eligible" ? "Eligible (PIM, activates on demand)" : "Active"}</div>`);
  if (f.via) {
    lines.push(
      f.via.kind === "group"
        ? markup`<div>via group ${t(f.via.displayName ?? f.via.id)}</div>`
        : markup`<div>via application permission ${t(f.via.displayName ?? f.via.id)}</div>`,
    );
  }
  return markup`${lines}`;
}

function scopeText(f: Finding): SafeHtml {
  if (f.scope === "/" || f.scope === "tenant") return markup`Tenant-wide`;
  const au = administrativeUnitOf(f.scope);
  if (au !== undefined) return markup`Administrative unit ${t(f.scopeDisplayName ?? au)}`;
  return markup`Scoped to object ${t(f.scopeDisplayName ?? f.scope)}`;
}

function reach(f: Finding): SafeHtml {
  const n = f.reach.syncedUsers;
  if (n === null) return markup`unknown <span class="muted">(a section it needs was not collected)</span>`;
  const sample = f.reach.sample ?? [];
  return markup`${count(n)} synced ${n === 1 ? "user" : "users"}${
    f.reach.assumed
      ? markup` <span class="badge potential">ASSUMED</span><div class="muted">${t(f.reach.assumed)}</div>`
      : ""
  }${
    sample.length > 0
      ? markup`<ul class="samples" aria-label="Examples">${sample.map((upn) => markup`<li>${t(upn)}</li>`)}</ul>`
      : ""
  }`;
}

function moreRows(total: number): SafeHtml | "" {
  return total > MAX_ROWS_PER_GROUP
    ? markup`<p class="muted">Showing ${MAX_ROWS_PER_GROUP} of ${count(total)}. The JSON report (<code>GET /api/exposure</code>) lists all of them.</p>`
    : "";
}

function bySeverity(findings: Finding[]): [Severity, Finding[]][] {
  return SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s)] as [Severity, Finding[]]).filter(
    ([, group]) => group.length > 0,
  );
}

function sortBySeverity(findings: Finding[]): Finding[] {
  return [...findings].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
}

/**
 * A tenant string, isolated with <bdi> so right-to-left text or a stray direction override in a
 * name cannot reorder the words around it; escaped like every interpolation.
 */
function t(text: string | null | undefined): SafeHtml | undefined {
  return text === null || text === undefined ? undefined : markup`<bdi>${text}</bdi>`;
}

function severityBadge(s: Severity): SafeHtml {
  return markup`<span class="badge sev-${s}">${SEVERITY_LABEL[s]}</span>`;
}

/** A change's mark (changeMark.ts): a decrease is "Reduced" in green, what it was beside it. */
function changeBadge(c: StoredChange): SafeHtml {
  const mark = changeMark(c);
  return mark.tone === "reduced"
    ? markup`<span class="badge reduced">Reduced</span> <span class="muted">was ${SEVERITY_LABEL[mark.was].toLowerCase()}</span>`
    : severityBadge(mark.severity);
}

function stateBadge(state: Exposure["writeback"]["state"]): SafeHtml {
  return markup`<span class="badge state-${state}">${state.toUpperCase()}</span>`;
}

function ssprCounts(enabled: number | null, synced: number | null): SafeHtml | "" {
  if (enabled === null || synced === null) return "";
  return markup` <span class="muted">(${count(enabled)} of ${count(synced)} synced users can use SSPR)</span>`;
}

const SEVERITY_LABEL: Record<Severity, string> = {
  critical: "Critical",
  high: "High",
  medium: "Medium",
  low: "Low",
  info: "Info",
};

const DIRECTION_LABEL: Record<Direction, string> = {
  increase: "▲ Exposure increased",
  decrease: "▼ Exposure decreased",
  neutral: "No change in exposure",
};

const PRINCIPAL_TYPE: Record<NonNullable<Finding["principal"]>["type"], string> = {
  user: "User",
  group: "Group",
  servicePrincipal: "Application (service principal)",
  unknown: "Unknown object type",
};

const SSPR_SCOPE: Record<Exposure["sspr"]["usersScope"], string> = {
  none: "none",
  selected: "selected users",
  all: "all users",
  unknown: "unknown",
};

const EVIDENCE_SOURCE: Record<Evidence["source"], string> = {
  "reported-flag": "Reported sync feature flag",
  "audit-toggle": "Audit log: writeback switched",
  "audit-reset": "Audit log: synced user's password reset",
  declared: "Declared (WRITEBACK_DECLARED)",
  licence: "Licence",
  carried: "Carried from an earlier snapshot",
};

const REASON_LABEL: Record<NonNullable<Coverage["reason"]>, string> = {
  forbidden: "Permission missing (403)",
  licence: "The tenant lacks the licence this API needs",
  throttled: "Throttled by Microsoft Graph (retries exhausted)",
  timeout: "Timed out",
  error: "Microsoft Graph returned an error",
  dependency: "Depends on another section that could not be read",
  "not-collected": "Not collected",
};

const SECTION_LABEL: Partial<Record<Coverage["section"], string>> = {
  syncFeatures: "Sync feature flags",
  organization: "Organization",
  authorizationPolicy: "Authorization policy",
  licences: "Licences",
  roleDefinitions: "Role definitions",
  roleAssignments: "Active role assignments",
  roleEligibilities: "PIM-eligible role assignments",
  groupMembers: "Role-assignable group members",
  administrativeUnits: "Administrative units",
  appPermissions: "Application permissions",
  syncedUsers: "Synced users",
  ssprRegistration: "SSPR registration",
  auditEvents: "Directory audit log",
};
