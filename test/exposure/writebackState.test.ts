import { describe, expect, it } from "vitest";
import { declarationContradiction, deriveWritebackState } from "../../shared/exposure/writebackState.js";
import { computeExposure } from "../../shared/exposure/computeExposure.js";
import { SnapshotBuilder } from "./fixtures.js";

const decisive = (b: SnapshotBuilder) => deriveWritebackState(b.build()).evidence.find((e) => e.decisive);

describe("deriveWritebackState", () => {
  it("is unknown with only a reported false flag, and records the flag as saying nothing", () => {
    const wb = deriveWritebackState(new SnapshotBuilder().build());
    expect(wb.state).toBe("unknown");
    const flag = wb.evidence.find((e) => e.source === "reported-flag");
    expect(flag).toMatchObject({ indicates: "none", decisive: false });
    expect(wb.evidence.some((e) => e.decisive)).toBe(false);
  });

  it("takes a true reported flag as weak evidence of on", () => {
    const b = new SnapshotBuilder();
    b.reportedFlag = true;
    expect(deriveWritebackState(b.build()).state).toBe("on");
    expect(decisive(b)?.source).toBe("reported-flag");
  });

  it("a successful reset of a synced user proves on, though the flag says false", () => {
    const b = new SnapshotBuilder().reset("2026-11-20T10:00:00Z");
    const wb = deriveWritebackState(b.build());
    expect(wb.state).toBe("on");
    expect(decisive(b)).toMatchObject({ source: "audit-reset", indicates: "on", at: "2026-11-20T10:00:00Z" });
  });

  // concept-sspr-writeback.md lists resets from PowerShell and the Microsoft 365 admin center as
  // unsupported for writeback: Core Directory logs them, the password reset service does not.
  const core = { activity: "Reset password", service: "Core Directory" };

  it("a Core Directory reset of a synced user proves nothing, though it is reported as a reset", () => {
    const b = new SnapshotBuilder().reset("2026-11-20T10:00:00Z", core);
    expect(deriveWritebackState(b.build()).state).toBe("unknown");
    const ex = computeExposure(b.build());
    const f = ex.findings.find((x) => x.key === "synced-reset")!;
    expect(f.detail).toMatchObject({ count: 1, throughResetService: 0, coreDirectoryOnly: 1 });
    expect(f.title).toMatch(/1 logged by Core Directory only .*which writeback does not carry/);
  });

  it("a Core Directory reset never flips a disable toggle, nor contradicts WRITEBACK_DECLARED=off", () => {
    const b = new SnapshotBuilder()
      .toggle("disable", "2026-11-10T10:00:00Z")
      .reset("2026-11-15T10:00:00Z", { ...core, activity: "Change user password" });
    expect(deriveWritebackState(b.build()).state).toBe("off");
    const declared = new SnapshotBuilder().reset("2026-11-15T10:00:00Z", core);
    declared.declared = "off";
    const ex = computeExposure(declared.build());
    expect(ex.writeback.state).toBe("off");
    expect(ex.findings.some((f) => f.kind === "declaration-contradicted")).toBe(false);
    // The same reset through the password reset service does contradict it.
    const proven = new SnapshotBuilder().reset("2026-11-15T10:00:00Z");
    proven.declared = "off";
    expect(computeExposure(proven.build()).findings.some((f) => f.kind === "declaration-contradicted")).toBe(true);
  });

  it("an unlock through the password reset service proves writeback on", () => {
    const b = new SnapshotBuilder().reset("2026-11-20T10:00:00Z", { activity: "Unlock user account (self-service)" });
    expect(deriveWritebackState(b.build()).state).toBe("on");
  });

  it("a failed reset proves nothing", () => {
    const b = new SnapshotBuilder().reset("2026-11-20T10:00:00Z", { result: "failure" });
    expect(deriveWritebackState(b.build()).state).toBe("unknown");
  });

  it("the newest toggle wins over an older reset", () => {
    const b = new SnapshotBuilder().reset("2026-11-10T10:00:00Z").toggle("disable", "2026-11-15T10:00:00Z");
    expect(deriveWritebackState(b.build()).state).toBe("off");
    expect(decisive(b)).toMatchObject({ source: "audit-toggle", indicates: "off" });
  });

  it("a reset newer than a disable toggle proves it is on again", () => {
    const b = new SnapshotBuilder().toggle("disable", "2026-11-10T10:00:00Z").reset("2026-11-15T10:00:00Z");
    expect(deriveWritebackState(b.build()).state).toBe("on");
  });

  it("toggles: newest wins, failed toggles ignored", () => {
    const b = new SnapshotBuilder()
      .toggle("enable", "2026-11-05T00:00:00Z")
      .toggle("disable", "2026-11-07T00:00:00Z")
      .toggle("enable", "2026-11-09T00:00:00Z", { result: "failure" });
    expect(deriveWritebackState(b.build()).state).toBe("off");
  });

  it("evidence carried from an earlier snapshot still decides, marked carried", () => {
    const b = new SnapshotBuilder().toggle("enable", "2026-09-01T00:00:00Z", { carried: true });
    const wb = deriveWritebackState(b.build());
    expect(wb.state).toBe("on");
    expect(decisive(b)).toMatchObject({ source: "carried", indicates: "on" });
  });

  it("no P1/P2 licence means off when nothing was observed", () => {
    const b = new SnapshotBuilder();
    b.licences = { p1: false, p2: false, premiumSkus: [] };
    b.reportedFlag = true;
    expect(deriveWritebackState(b.build()).state).toBe("off");
    expect(decisive(b)?.source).toBe("licence");
  });

  it("the declaration decides when nothing was observed, and outranks the reported flag", () => {
    const b = new SnapshotBuilder();
    b.declared = "off";
    b.reportedFlag = true;
    expect(deriveWritebackState(b.build()).state).toBe("off");
    expect(decisive(b)?.source).toBe("declared");
    expect(declarationContradiction(b.build(), deriveWritebackState(b.build()))).toBeUndefined();
  });

  it("observed evidence outranks the declaration, and the contradiction is a critical finding", () => {
    const b = new SnapshotBuilder().reset("2026-11-20T10:00:00Z");
    b.declared = "off";
    const ex = computeExposure(b.build());
    expect(ex.writeback.state).toBe("on");
    const f = ex.findings.find((x) => x.key === "declaration-contradicted");
    expect(f).toMatchObject({ severity: "critical", detail: { declared: "off", observed: "on" } });
  });

  it("declared on while no licence allows it is contradicted too", () => {
    const b = new SnapshotBuilder();
    b.declared = "on";
    b.licences = { p1: false, p2: false, premiumSkus: [] };
    const ex = computeExposure(b.build());
    expect(ex.writeback.state).toBe("off");
    expect(ex.findings.some((x) => x.key === "declaration-contradicted")).toBe(true);
  });

  it("an agreeing declaration is not a finding", () => {
    const b = new SnapshotBuilder().toggle("enable", "2026-11-20T10:00:00Z");
    b.declared = "on";
    expect(computeExposure(b.build()).findings.some((x) => x.kind === "declaration-contradicted")).toBe(false);
  });

  it("every consulted source becomes evidence, exactly one decisive", () => {
    const b = new SnapshotBuilder().toggle("enable", "2026-11-01T00:00:00Z").reset("2026-11-02T00:00:00Z");
    b.declared = "on";
    const wb = deriveWritebackState(b.build());
    expect(wb.evidence.map((e) => e.source).sort()).toEqual([
      "audit-reset",
      "audit-toggle",
      "declared",
      "licence",
      "reported-flag",
    ]);
    expect(wb.evidence.filter((e) => e.decisive)).toHaveLength(1);
  });

  it("audit section unknown: falls back to the declaration", () => {
    const b = new SnapshotBuilder().reset("2026-11-20T10:00:00Z").markUnknown("auditEvents");
    b.declared = "on";
    expect(deriveWritebackState(b.build()).state).toBe("on");
    expect(decisive(b)?.source).toBe("declared");
  });
});
