/**
 * What a 403 means for a section, from Microsoft's permission table for the request that failed and
 * the permissions the token really carries (its `roles` claim). A permission is named as missing only
 * when the token lacks it; a token that cannot tell gets the permission the section needs, never a
 * claim that it is missing. A request whose Application row says "Not supported" is reported as
 * that documented limit of app-only access, never as a permission to grant.
 */
import type { GraphRequestError } from "../errors.js";
import { permissionFor, REQUIRED_GRAPH_PERMISSIONS, requestPermissionsOf } from "./permissions.js";

/** Set by the client on the errors it creates: the `roles` of the token the request was sent with. */
export interface ErrorWithGrant {
  grantedPermissions?: ReadonlySet<string>;
  /** A request whose permission differs from the section's usual one (see withPermissionHint). */
  permissionHint?: string;
}

export interface ForbiddenExplanation {
  detail: string;
  missingPermission?: string;
}

/** Each permission writeback-watch asks for, with the sections that use it. */
const REQUIRED = new Map(REQUIRED_GRAPH_PERMISSIONS.map((p) => [p.permission, p.usedBy]));

export function explainForbidden(section: string, error: GraphRequestError & ErrorWithGrant): ForbiddenExplanation {
  const code = error.code ?? "forbidden";
  const documented = requestPermissionsOf(error.requestPath);
  const page = documented ? ` (Microsoft's permissions table: api-reference/v1.0/api/${documented.doc}.md)` : "";
  if (documented?.application === "not supported") {
    return {
      detail: `${section}: Graph answered 403 (${code}). Microsoft documents application permissions as not supported for this request${page}, so an app-only audit may not read it; nothing to grant.`,
    };
  }
  const granted = error.grantedPermissions;
  if (documented && granted) {
    const held = documented.application.find((all) => all.every((p) => granted.has(p)));
    if (held) {
      return {
        detail: `${section}: Graph answered 403 (${code}) although the token holds ${held.join(" and ")}, which is enough${page}. Check admin consent, Conditional Access for workload identities and the tenant's licences. Graph said: ${error.message}`,
      };
    }
    // The entry to grant: one writeback-watch asks for this section, else any it asks for (never a write).
    const ours = documented.application.filter((all) => all.every((p) => REQUIRED.has(p)));
    const wanted =
      ours.find((all) => all.every((p) => REQUIRED.get(p)!.includes(section))) ?? ours[0] ?? documented.application[0]!;
    const missing = wanted.filter((p) => !granted.has(p)).join(" and ");
    return {
      detail: `${section}: Graph answered 403 (${code}); the token lacks ${missing}${page}. Grant it to the app's service principal (admin consent), then run again.`,
      missingPermission: missing,
    };
  }
  // The token cannot tell (not a JWT, or a delegated token whose access also depends on the user's
  // roles): say which permission this section reads with, without claiming it is missing.
  const permission = error.permissionHint ?? permissionFor(section);
  const needs = permission
    ? `writeback-watch reads it with the application permission ${permission}`
    : "see the README for the permission it needs";
  return {
    detail: `${section}: Graph answered 403 (${code}); ${needs}${page}. The access token's permissions could not be read, so whether it holds it is unknown: check the app's grants (admin consent), then run again.`,
  };
}
