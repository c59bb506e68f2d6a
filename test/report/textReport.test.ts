import { describe, expect, it } from "vitest";
import { renderTextReport, terminalSafe } from "../../shared/report/textReport.js";
import { computeExposure } from "../../shared/exposure/computeExposure.js";
import type { Diff } from "../../shared/diff/types.js";
import { ROLE, SnapshotBuilder, user } from "../exposure/fixtures.js";

const hostile = 'Eve \u001b[2J\u001b[31mRED\u202eevil\u0007 <script>alert(1)</script> "q" 日本';

function tenant(): SnapshotBuilder {
  return new SnapshotBuilder()
    .assign(user("hd", { name: hostile }), ROLE.helpdeskAdministrator)
    .assign(user("ga", { synced: true, name: "Synced GA" }), ROLE.globalAdministrator);
}

describe("renderTextReport", () => {
  it("strips control and bidi characters from tenant strings, keeps the rest", () => {
    expect(terminalSafe(hostile)).toBe('Eve [2J[31mREDevil <script>alert(1)</script> "q" 日本');
    const text = renderTextReport(computeExposure(tenant().reset("2026-11-20T00:00:00Z").build()));
    // eslint-disable-next-line no-control-regex -- asserting that control characters are absent
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(text).toContain('<script>alert(1)</script> "q" 日本');
  });

  it("labels potential figures and shows the decisive evidence", () => {
    const text = renderTextReport(computeExposure(tenant().build()));
    expect(text).toContain("POTENTIAL reset-to-on-prem paths: 198");
    expect(text).toContain("Password writeback: UNKNOWN");
    const on = renderTextReport(computeExposure(tenant().reset("2026-11-20T00:00:00Z").build()));
    expect(on).toMatch(/^Reset-to-on-prem paths: 198$/m);
    expect(on).toMatch(/decided by \[audit-reset, says on\]/);
  });

  it("groups findings by severity, most severe first, with who, reach and fix", () => {
    const text = renderTextReport(computeExposure(tenant().reset("2026-11-20T00:00:00Z").build()));
    const critical = text.indexOf("CRITICAL (");
    const high = text.indexOf("HIGH (");
    expect(critical).toBeGreaterThan(0);
    expect(high).toBeGreaterThan(critical);
    expect(text).toMatch(/reach: 99 synced users/);
    expect(text).toMatch(/fix: /);
    expect(text).toContain("scope: tenant-wide");
  });

  it("lists coverage gaps with the permission to grant, and unknown figures as unknown", () => {
    const text = renderTextReport(computeExposure(tenant().markUnknown("groupMembers").build()));
    expect(text).toContain("paths: unknown");
    expect(text).toMatch(/groupMembers: forbidden .*→ grant Some\.Permission/);
    expect(renderTextReport(computeExposure(tenant().build()))).toContain("Coverage: all 13 sections read.");
  });

  it("notes a section read in part (PIM for Groups unread) with the permission to grant", () => {
    const b = tenant();
    b.eligibleMembersUnavailable = {
      reason: "forbidden",
      detail: "PIM for Groups eligibilities: Graph answered 403.",
      missingPermission: "PrivilegedEligibilitySchedule.Read.AzureADGroup",
    };
    const text = renderTextReport(computeExposure(b.build()));
    expect(text).toContain("Coverage: all 13 sections read.");
    expect(text).toMatch(
      /groupMembers \(partly read\): forbidden — PIM for Groups .*not counted\. → grant PrivilegedEligibilitySchedule\.Read\.AzureADGroup/,
    );
  });

  it("colours only when asked, and renders a diff", () => {
    const ex = computeExposure(tenant().build());
    expect(renderTextReport(ex)).not.toContain("\u001b[");
    const diff: Diff = {
      tenantId: "tenant-1",
      fromSnapshotId: "a",
      toSnapshotId: "b",
      fromTakenAt: "2026-11-22T00:00:00Z",
      toTakenAt: "2026-11-23T00:00:00Z",
      baseline: false,
      changes: [
        { key: "k", type: "added", direction: "increase", severity: "high", summary: `new path for ${hostile}` },
      ],
      headlineBefore: null,
      headlineAfter: ex.headline,
    };
    const coloured = renderTextReport(ex, { color: true, diff });
    expect(coloured).toContain("\u001b[31m");
    expect(coloured).toContain("Changes since 2026-11-22T00:00:00Z (1)");
    expect(coloured).toContain("▲");
    expect(coloured).not.toContain("\u001b[2J");
  });
});
