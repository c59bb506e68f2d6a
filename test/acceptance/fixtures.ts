/** Acceptances for the acceptance suites: plain data, defaults a test overrides. */
import type { Acceptance } from "../../shared/acceptance/types.js";

export function acceptance(overrides: Partial<Acceptance> = {}): Acceptance {
  return {
    id: "acc-0001",
    source: "table",
    target: { key: "reset-path:u-alice:729827e3-9c14-49f7-bb1b-9608f156bbb8:/:active" },
    owner: "secops@contoso.com",
    reason: "Break-glass account, sign-ins alerted",
    acceptedAt: "2025-12-15T00:00:00.000Z",
    acceptedBy: "alice@contoso.com",
    expiresAt: "2026-06-01T00:00:00.000Z",
    upTo: { severity: "high", syncedUsers: 50, assignment: "active" },
    ...overrides,
  };
}
