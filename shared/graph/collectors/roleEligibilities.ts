import type { RoleAssignmentsData, Section } from "../../snapshot/types.js";
import type { GraphClient } from "../GraphClient.js";
import { collectAssignmentList, type AssignmentCollectorOptions } from "./roleAssignments.js";

export const ROLE_ELIGIBILITIES_URL = "/roleManagement/directory/roleEligibilityScheduleInstances?$expand=principal";

/** Current PIM eligibilities. Without P2 Graph refuses with a licence error: the section says "licence". */
export function collectRoleEligibilities(
  graph: GraphClient,
  options: AssignmentCollectorOptions,
): Promise<Section<RoleAssignmentsData>> {
  return collectAssignmentList(graph, "roleEligibilities", ROLE_ELIGIBILITIES_URL, true, options);
}
