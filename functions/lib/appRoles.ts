/**
 * The app roles of writeback-watch's Entra app registration: what a signed-in person or an
 * automation identity may do. infra/app/signIn.bicep declares the same roles with the same ids
 * (test/infra checks both lists agree), and the README tells administrators how to assign them.
 *
 * Ids are fixed: an app role's id is what an assignment refers to, so changing one would silently
 * drop every existing assignment.
 */
export interface AppRole {
  /** The value that appears in the token's `roles` claim. */
  value: string;
  id: string;
  displayName: string;
  description: string;
}

export const APP_ROLES = {
  exposureRead: {
    value: "Exposure.Read",
    id: "1ae66794-66b2-448a-8a5e-8727b1b551bf",
    displayName: "Read password writeback exposure",
    description: "Read the exposure report, stored snapshots, diffs between them and the trend.",
  },
  auditRun: {
    value: "Audit.Run",
    id: "4616f124-bbf0-4d7f-a50f-c40a755b42f7",
    displayName: "Run a password writeback audit",
    description: "Start an audit now (POST /api/check), which reads the tenant and may send alerts.",
  },
  acceptancesWrite: {
    value: "Acceptances.Write",
    id: "4f7d4479-e099-4428-9ec8-cb273f417db7",
    displayName: "Accept password writeback findings",
    description: "Record that a finding is accepted, so it no longer alerts.",
  },
} as const satisfies Record<string, AppRole>;

export type AppRoleValue = (typeof APP_ROLES)[keyof typeof APP_ROLES]["value"];
