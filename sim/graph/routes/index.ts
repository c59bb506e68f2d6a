/**
 * The route table: every request of shared/graph/REQUESTS.md, one file per section of
 * shared/graph/collectors/ (fault rules and stats name routes by section), each route with the
 * application permissions that allow it and its handler; and the matcher the server uses.
 */
import { administrativeUnitsRoutes } from "./administrativeUnits.js";
import { appOwnersRoutes } from "./appOwners.js";
import { appPermissionsRoutes } from "./appPermissions.js";
import { auditEventsRoutes } from "./auditEvents.js";
import { authorizationPolicyRoutes } from "./authorizationPolicy.js";
import { groupMembersRoutes } from "./groupMembers.js";
import { licencesRoutes } from "./licences.js";
import { organizationRoutes } from "./organization.js";
import { roleAssignmentsRoutes } from "./roleAssignments.js";
import { roleDefinitionsRoutes } from "./roleDefinitions.js";
import { roleEligibilitiesRoutes } from "./roleEligibilities.js";
import type { Route } from "./route.js";
import { ssprRegistrationRoutes } from "./ssprRegistration.js";
import { syncedUsersRoutes } from "./syncedUsers.js";
import { syncFeaturesRoutes } from "./syncFeatures.js";

export type { Route } from "./route.js";

export const ROUTES: Route[] = [
  ...syncFeaturesRoutes,
  ...organizationRoutes,
  ...authorizationPolicyRoutes,
  ...licencesRoutes,
  ...roleDefinitionsRoutes,
  ...roleAssignmentsRoutes,
  ...roleEligibilitiesRoutes,
  ...groupMembersRoutes,
  ...administrativeUnitsRoutes,
  ...appPermissionsRoutes,
  ...appOwnersRoutes,
  ...syncedUsersRoutes,
  ...ssprRegistrationRoutes,
  ...auditEventsRoutes,
];

interface CompiledRoute {
  route: Route;
  segments: string[];
}

const COMPILED: CompiledRoute[] = ROUTES.map((route) => ({
  route,
  segments: route.pattern.split("/").filter(Boolean),
}));

/** Rewrites Graph's key syntax `servicePrincipals(appId='…')` into a plain segment. */
export function normalisePath(path: string): string {
  return path
    .replace(/servicePrincipals\(appId='([^']*)'\)/i, "servicePrincipals/appId=$1")
    .replace(/servicePrincipals\('([^']*)'\)/i, "servicePrincipals/$1")
    .replace(/applications\(appId='([^']*)'\)/i, "applications/appId=$1");
}

export function matchRoute(
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | "method-not-allowed" | undefined {
  const parts = normalisePath(path).split("/").filter(Boolean);
  let methodMismatch = false;
  for (const { route, segments } of COMPILED) {
    if (segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < segments.length && ok; i++) {
      const s = segments[i]!;
      const p = parts[i]!;
      if (s.startsWith("{")) {
        // A literal segment elsewhere ($count) must not be captured as an id.
        if (p === "$count") ok = false;
        else params[s.slice(1, -1)] = p;
      } else if (s.toLowerCase() !== p.toLowerCase()) ok = false;
    }
    if (!ok) continue;
    if (route.method !== method) {
      methodMismatch = true;
      continue;
    }
    return { route, params };
  }
  return methodMismatch ? "method-not-allowed" : undefined;
}
