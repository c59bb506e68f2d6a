/**
 * Sentences both reports (text and HTML) print about how reach was counted, so the two never say it
 * differently. Plain text: callers escape for their medium.
 */
import type { Exposure } from "../exposure/types.js";

/**
 * How reach treats accounts in on-premises AD protected groups. concept-sspr-writeback.md: the
 * writeback service account "cannot change the passwords for users that belong to protected groups".
 */
export function onPremProtectedNote(exposure: Exposure): string | undefined {
  const p = exposure.headline.onPremProtected;
  if (!p) return undefined;
  const counted =
    "accounts in on-premises protected groups (adminCount) that are not declared in PROTECTED_ONPREM_ACCOUNTS are counted in reach, although writeback cannot change their passwords.";
  if (p.declaredEntries === 0) return `Protected accounts: none declared; ${counted}`;
  const n = p.excludedSyncedUsers;
  return `Protected accounts: ${n} synced user${n === 1 ? "" : "s"} matching PROTECTED_ONPREM_ACCOUNTS (${p.declaredEntries} entr${p.declaredEntries === 1 ? "y" : "ies"}) left out of reach; other ${counted}`;
}
