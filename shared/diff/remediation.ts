/**
 * One remediation sentence per kind of exposure increase. A finding's own `remediation` (written by
 * the exposure model, which knows the details) wins; these are the fallbacks. Plain text with
 * tenant strings raw: renderers escape.
 */
import type { Finding } from "../exposure/types.js";

export const WRITEBACK_ON_REMEDIATION =
  "If on-premises password writeback is not needed, disable it (Entra Connect or Cloud Sync); otherwise cut down who can reset synced users' passwords.";

export const SSPR_WIDENED_REMEDIATION =
  "Limit self-service password reset to the groups that need it and require strong authentication methods; with writeback on, every SSPR user can change their on-premises password from the cloud.";

export const ADMIN_SSPR_REMEDIATION =
  "If administrators must not reset their own passwords through SSPR, set allowedToUseSSPR to false on the authorization policy.";

function roleName(f: Finding): string {
  return f.role?.displayName ?? f.role?.templateId ?? "the role";
}

/** The remediation for a finding that appeared or grew. */
export function remediationFor(finding: Finding): string {
  if (finding.remediation) return finding.remediation;
  switch (finding.kind) {
    case "reset-path":
      if (finding.via?.kind === "group") {
        return `Remove the member from group "${finding.via.displayName ?? finding.via.id}" or the ${roleName(finding)} role from the group, make it eligible-only (PIM), or scope it to an administrative unit without privileged synced accounts.`;
      }
      if (finding.assignment === "eligible") {
        return `Remove the eligible ${roleName(finding)} assignment if it is not needed, or require approval and MFA on activation and scope it to an administrative unit.`;
      }
      return `Remove the ${roleName(finding)} assignment if it is not needed, make it eligible-only (PIM), or scope it to an administrative unit that holds only the users it must manage.`;
    case "app-permission":
      return "Remove the application permission unless the app must reset passwords; if it must, pair it with the narrowest directory role and monitor its sign-ins.";
    case "writeback":
      return WRITEBACK_ON_REMEDIATION;
    case "declaration-contradicted":
      return "Check the password writeback setting in the portal, then correct it or WRITEBACK_DECLARED so they agree.";
    case "sspr":
      return SSPR_WIDENED_REMEDIATION;
    case "sspr-admin":
      return ADMIN_SSPR_REMEDIATION;
    case "synced-privileged":
      return `Give ${roleName(finding)} to a cloud-only account instead of a synced one: whoever controls the on-premises account controls the cloud role.`;
    case "synced-reset":
      return "Confirm these password resets of synced users were expected; investigate who reset them and from where.";
    case "escalation-role-assignment":
    case "escalation-app-role-grant":
    case "escalation-group-owner":
    case "escalation-group-membership":
    case "escalation-app-owner":
    case "escalation-app-credentials":
      return "Remove the right that makes this one step from a reset: the role, the Graph permission or the ownership.";
  }
}

/** The remediation when an existing path reaches more synced users than before. */
export function reachGrownRemediation(finding: Finding): string {
  return `Review why this path now reaches more synced users (new members in its scope) and narrow it: ${remediationFor(finding)}`;
}
