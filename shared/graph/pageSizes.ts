/**
 * Maximum page sizes ($top) the collectors ask for, per Graph collection. The simulator enforces the
 * same numbers, so a collector that asks for more fails in tests as it would against Graph.
 * Collections whose $top is not documented are served at a fixed server page size.
 */
export const PAGE_SIZE = {
  users: 999,
  groups: 999,
  transitiveMembers: 999,
  administrativeUnits: 999,
  administrativeUnitMembers: 999,
  appRoleAssignedTo: 999,
  directoryAudits: 999,
  /** Not client-settable: the server's page size for userRegistrationDetails (UNCERTAIN; no $top support documented). */
  userRegistrationDetails: 999,
  /** Not client-settable: the server's page size for roleAssignments / roleEligibilityScheduleInstances / roleDefinitions. */
  roleManagement: 999,
} as const;

/** JSON batching limit: "JSON batch requests are currently limited to 20 individual requests." */
export const MAX_BATCH_REQUESTS = 20;
