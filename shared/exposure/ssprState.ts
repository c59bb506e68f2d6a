/**
 * SSPR state. allowedToUseSSPR is the ADMINISTRATORS' switch (Entra docs, "Administrator reset
 * policy differences"); the users' scope is not in documented Graph, so it is inferred from how many
 * synced users userRegistrationDetails marks isSsprEnabled: none, all of them, or some ("selected").
 */
import type { SsprState, SsprUsersScope } from "./types.js";
import type { Snapshot } from "../snapshot/types.js";

export function deriveSsprState(snapshot: Snapshot): SsprState {
  const { authorizationPolicy, ssprRegistration, syncedUsers } = snapshot.sections;
  const adminSspr = authorizationPolicy.status === "ok" ? authorizationPolicy.data.allowedToUseSSPR : null;
  const synced = syncedUsers.status === "ok" ? syncedUsers.data.count : null;
  if (ssprRegistration.status !== "ok") {
    return { adminSspr, usersScope: "unknown", ssprEnabledSyncedUsers: null, syncedUsers: synced };
  }
  const enabled = ssprRegistration.data.syncedSsprEnabled;
  let usersScope: SsprUsersScope;
  if (synced === null) {
    // All vs selected needs the synced total; "some" is the honest floor.
    usersScope = enabled > 0 ? "selected" : "none";
  } else if (synced === 0) {
    // No synced users: judge the policy by all users when the tenant total is known.
    const total = syncedUsers.status === "ok" ? syncedUsers.data.totalUsers : null;
    const all = ssprRegistration.data.totalSsprEnabled;
    usersScope = all === 0 ? "none" : total !== null && all >= total ? "all" : "selected";
  } else {
    usersScope = enabled === 0 ? "none" : enabled >= synced ? "all" : "selected";
  }
  return { adminSspr, usersScope, ssprEnabledSyncedUsers: enabled, syncedUsers: synced };
}
