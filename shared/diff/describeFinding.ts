/**
 * Plain-text phrases for a finding: who holds the right, how, and what it reaches. Used by the diff's
 * summaries and by the email renderers. Tenant strings stay raw here: every renderer escapes them.
 */
import type { Finding } from "../exposure/types.js";
import { administrativeUnitOf } from "../snapshot/scope.js";

/** "Alice Admin (alice@contoso.com)", a service principal's name, or the principal id. */
export function describeWho(f: Finding): string {
  const p = f.principal;
  if (!p) return f.kind === "synced-reset" ? "password resets in the audit log" : "tenant setting";
  const name = p.displayName ?? p.id;
  const upn = p.userPrincipalName && p.userPrincipalName !== name ? ` (${p.userPrincipalName})` : "";
  const kind = p.type === "servicePrincipal" ? "app " : p.type === "group" ? "group " : "";
  return `${kind}${name}${upn}`;
}

/** "Helpdesk Administrator, AU "Paris", eligible, via group "Ops"". */
export function describeHow(f: Finding): string {
  const parts: string[] = [];
  if (f.role) parts.push(`${f.role.displayName ?? f.role.templateId}${f.role.isBuiltIn ? "" : " (custom role)"}`);
  const auId = administrativeUnitOf(f.scope);
  if (f.scope === "/") parts.push("tenant-wide");
  else if (auId !== undefined) parts.push(`administrative unit "${f.scopeDisplayName ?? auId}"`);
  else if (f.scope !== "tenant" && f.scope) parts.push(`scope ${f.scopeDisplayName ?? f.scope}`);
  if (f.assignment) parts.push(f.assignment === "eligible" ? "eligible (PIM)" : "active");
  if (f.via?.kind === "group") parts.push(`via group "${f.via.displayName ?? f.via.id}"`);
  if (f.via?.kind === "app-permission") parts.push(`via app permission ${f.via.displayName ?? f.via.id}`);
  if (parts.length === 0) return f.title;
  return parts.join(", ");
}

/** "12 synced users", or "unknown reach" when a needed section was not collected. */
export function describeReach(f: Finding): string {
  const n = f.reach.syncedUsers;
  if (n === null) return "unknown reach";
  return `${n} synced user${n === 1 ? "" : "s"}`;
}
