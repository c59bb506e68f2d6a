import { describe, expect, it } from "vitest";
import { diffExposures } from "../../shared/diff/diffExposures.js";
import { renderAlertEmail } from "../../shared/notify/renderAlertEmail.js";
import { renderDigestEmail } from "../../shared/notify/renderDigestEmail.js";
import type { StoredChange } from "../../shared/store/types.js";
import { appPermission, exposure, next, resetPath, syncedPrivileged } from "../diff/fixtures.js";

/** The HTML without soft breaks, the text with wrapped lines joined: what a reader sees, as one string. */
const noWbr = (html: string) => html.replaceAll("<wbr>", "");
const flat = (text: string) => text.replace(/\n +/g, " ");

const HOSTILE = `<script>alert("x")</script> "O'Brien" & Ünïcødé 👀\r\nBcc: evil@attacker.example\u202e`;

function hostileDiff() {
  const prev = exposure({ writeback: { state: "off", evidence: [] }, unknown: ["roleEligibilities"] });
  const cur = next(prev, {
    writeback: { state: "on", evidence: [] },
    findings: [
      resetPath({ name: HOSTILE, upn: `x"><img src=x onerror=alert(1)>@contoso.com`, reach: 12 }),
      resetPath({ principalId: "u-2", name: "Dan", viaGroup: { id: "g", name: `<b>Ops</b>\nSubject: hi` }, reach: 3 }),
    ],
    unknown: ["roleEligibilities"],
  });
  return { diff: diffExposures(prev, cur), exposure: cur };
}

describe("renderAlertEmail", () => {
  it("says what grew in the subject", () => {
    const { diff, exposure: e } = hostileDiff();
    const email = renderAlertEmail({ diff, exposure: e, minSeverity: "high" });
    expect(email.subject).toBe("Password writeback exposure increased: writeback switched on, 2 new reset paths");
  });

  it("lists what grew in full and context changes one line each, capped", () => {
    const many = (reach: number) =>
      Array.from({ length: 15 }, (_, i) => resetPath({ principalId: `u-${i}`, name: `Admin ${i}`, reach: reach + i }));
    const prev = exposure({ findings: many(200) });
    const cur = next(prev, {
      findings: [...many(203), resetPath({ principalId: "u-new", name: "Newcomer", reach: 9 })],
    });
    const diff = diffExposures(prev, cur);
    const email = renderAlertEmail({ diff, exposure: cur, minSeverity: "high" });
    expect(email.subject).toBe("Password writeback exposure increased: 1 new reset path");
    const [grew, others] = email.text.split("Other changes:");
    expect(grew).toContain("Newcomer");
    expect(grew).toContain("What to do:");
    expect(others!.match(/^- \[low\] Reach grew/gm)).toHaveLength(10);
    expect(others).toContain("… and 5 more (see the report)");
    expect(others).not.toContain("What to do:");
  });

  it("escapes every tenant string in HTML and strips controls in text and subject", () => {
    const { diff, exposure: e } = hostileDiff();
    const email = renderAlertEmail({
      diff,
      exposure: e,
      reportUrl: "https://app.example/api/exposure?format=html&x=1",
    });
    expect(email.html).not.toContain("<script>");
    expect(email.html).not.toContain("<img");
    expect(email.html).not.toContain("<b>Ops</b>");
    expect(noWbr(email.html)).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(email.html).toContain("O&#39;Brien");
    expect(email.html).toContain("Ünïcødé 👀");
    expect(email.html).not.toMatch(/\u202e/);
    // Tags never survive; attribute-looking text stays inert text.
    expect(email.html).not.toMatch(/<(script|img|iframe)\b/i);
    expect(email.text).toContain("Not covered by this audit:");
    expect(email.html).toContain('href="https://app.example/api/exposure?format=html&amp;x=1"');
    expect(email.subject).not.toMatch(/[\r\n]/);
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    expect(email.text).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u202e]/);
    // A newline in a display name must not start a new line in the text part.
    expect(email.text).not.toMatch(/^Bcc:/m);
    expect(email.text).not.toMatch(/^Subject: hi/m);
    expect(email.text).toContain("Current exposure report:\nhttps://app.example/api/exposure?format=html&x=1");
  });

  it("lists who, how, reach and what to do, and labels potential figures", () => {
    const prev = exposure({
      writeback: { state: "unknown", evidence: [] },
      headline: { resetters: 1, syncedUsers: 100, syncedUsersReached: 10, resetPaths: 10, potential: true },
    });
    const cur = next(prev, {
      findings: [
        resetPath({ name: "Alice", reach: 40, assignment: "eligible", viaGroup: { id: "g1", name: "Tier1" } }),
        appPermission(),
      ],
      headline: { resetters: 2, syncedUsers: 100, syncedUsersReached: 90, resetPaths: 140, potential: true },
    });
    const email = renderAlertEmail({ diff: diffExposures(prev, cur), exposure: cur });
    expect(email.text).toContain("Who: Alice (alice@contoso.com)");
    expect(flat(email.text)).toContain('How: Helpdesk Administrator, tenant-wide, eligible (PIM), via group "Tier1"');
    expect(email.text).toContain("Reach: 40 synced users");
    expect(email.text).toMatch(/What to do: Remove the member from group "Tier1"/);
    expect(email.text).toContain("Reset-to-on-prem paths (potential): 10 → 140");
    expect(email.html).toContain("Reset-to-on-prem paths (potential)");
    expect(email.text).not.toContain("Not covered by this audit:");
    expect(email.subject).toBe("Password writeback exposure increased: 2 new reset paths");
    expect(email.html).not.toContain("href=");
  });

  it("names other kinds of growth", () => {
    const prev = exposure({ findings: [resetPath({ assignment: "eligible" })] });
    const cur = next(prev, {
      findings: [resetPath({ assignment: "active" }), syncedPrivileged()],
      sspr: { ...prev.sspr, usersScope: "all" },
    });
    const email = renderAlertEmail({ diff: diffExposures(prev, cur), exposure: cur });
    expect(email.subject).toBe(
      "Password writeback exposure increased: 1 synced account gained a privileged role, 1 eligible role made active, SSPR widened",
    );
  });
});

function stored(
  c: ReturnType<typeof diffExposures>["changes"][number],
  at: string,
  from: string | null = "s0",
): StoredChange {
  return { ...c, tenantId: "t", fromSnapshotId: from, toSnapshotId: "s1", detectedAt: at };
}

describe("renderDigestEmail", () => {
  it("without changes says no change since the period start, and still shows headline and gaps", () => {
    const e = exposure({ unknown: ["appPermissions"] });
    e.coverage = e.coverage.map((c) =>
      c.section === "appPermissions" ? { ...c, missingPermission: "Application.Read.All" } : c,
    );
    const email = renderDigestEmail({
      changes: [],
      exposure: e,
      since: "2026-01-01T08:00:00.000Z",
      until: "2026-01-08T08:00:00.000Z",
    });
    expect(email.subject).toBe("Password writeback watch digest: no change since 2026-01-01");
    expect(email.text).toContain("No change since 2026-01-01.");
    expect(email.html).toContain("No change since 2026-01-01.");
    expect(email.text).toContain("Reset-to-on-prem paths: 50");
    expect(email.text).toMatch(/appPermissions: forbidden; 403; grant Application.Read.All/);
  });

  it("names who made each change and when, escaped in HTML", () => {
    const prev = exposure({ findings: [] });
    const cur = next(prev, { findings: [resetPath({})] });
    const [change] = diffExposures(prev, cur).changes.filter((c) => c.direction === "increase");
    const madeBy = {
      events: [
        {
          eventId: "e1",
          activity: "Add member to role",
          at: "2026-01-02T10:02:00Z",
          actor: { userId: "u1", displayName: "<b>Ann</b>", userPrincipalName: "ann@contoso.example" },
        },
      ],
    };
    const email = renderDigestEmail({
      changes: [{ ...stored(change!, "2026-01-02T11:00:00Z"), madeBy }],
      exposure: cur,
      since: "2026-01-01T08:00:00.000Z",
      until: "2026-01-08T08:00:00.000Z",
    });
    expect(email.text).toMatch(
      /made by <b>Ann<\/b> \(ann@contoso\.example\) at 2026-01-02 10:02 UTC \(Add member to role\)/,
    );
    expect(email.html).toMatch(
      /Made by &lt;b&gt;Ann&lt;\/b&gt; \(ann@contoso\.example(<wbr>)?\) at 2026-01-02 10:02 UTC/,
    );
    expect(email.html).not.toContain("<b>Ann</b>");
  });

  it("with changes lists increases and decreases, hostile names escaped, baseline rows ignored", () => {
    const prev = exposure({ findings: [appPermission("sp-old", "Old app")] });
    const cur = next(prev, { findings: [resetPath({ name: HOSTILE })] });
    const diff = diffExposures(prev, cur);
    const baseline = diffExposures(null, cur).changes.map((c) => stored(c, "2026-01-01T09:00:00Z", null));
    const changes = [...baseline, ...diff.changes.map((c) => stored(c, "2026-01-02T00:00:00Z"))];
    const email = renderDigestEmail({
      changes,
      exposure: cur,
      since: "2026-01-01T00:00:00Z",
      until: "2026-01-08T00:00:00Z",
    });
    expect(email.subject).toBe("Password writeback watch digest: 1 increase, 1 decrease (2026-01-01 to 2026-01-08)");
    expect(email.text).toContain("Changes in the period, in order (2):");
    expect(email.text).toMatch(/\[reduced, was \w+\] Reset path removed: app Old app/);
    expect(email.html).toContain(">reduced</span>");
    expect(email.html).not.toContain("<script>");
    expect(email.html).toContain("&lt;script&gt;");
    expect(email.text).not.toContain("No change since");
  });

  it("lists a change that reverted within the period twice, in order, and the standing critical findings", () => {
    const off = exposure();
    const on = next(off, { findings: [resetPath({ name: "Rita", severity: "critical" })] });
    const added = diffExposures(off, on).changes.map((c) => stored(c, "2026-01-02T09:00:00.000Z"));
    const removed = diffExposures(on, next(on, { findings: [] })).changes.map((c) =>
      stored(c, "2026-01-03T09:00:00.000Z"),
    );
    const email = renderDigestEmail({
      changes: [...removed, ...added],
      exposure: next(on, { findings: [resetPath({ name: "Gus", principalId: "u-gus", severity: "critical" })] }),
      since: "2026-01-01T00:00:00.000Z",
      until: "2026-01-08T00:00:00.000Z",
      audits: { run: 168, succeeded: 165, failed: 3 },
    });
    const text = email.text;
    expect(text.indexOf("2026-01-02T09:00Z [critical] New reset path: Rita")).toBeGreaterThan(0);
    expect(text.indexOf("2026-01-03T09:00Z [reduced, was critical] Reset path removed: Rita")).toBeGreaterThan(
      text.indexOf("New reset path: Rita"),
    );
    expect(text).toContain("Standing critical findings (1):\n- Gus can reset synced users' passwords");
    expect(text).toContain("Audits in the period: 168 run, 165 succeeded, 3 failed.");
    expect(email.subject).toBe("Password writeback watch digest: 1 increase, 1 decrease (2026-01-01 to 2026-01-08)");
  });

  it("says there was no successful audit instead of 'no change' when the audits stopped", () => {
    const email = renderDigestEmail({
      changes: [],
      exposure: exposure(),
      since: "2026-01-01T00:00:00.000Z",
      until: "2026-01-08T00:00:00.000Z",
      silentHours: 26,
      lastSuccessAt: "2026-01-06T22:00:00.000Z",
      audits: { run: 26, succeeded: 0, failed: 26 },
    });
    expect(email.subject).toBe("Password writeback watch digest: no successful audit for 26 h");
    expect(email.text).toContain("Warning: no successful audit for 26 h (last success 2026-01-06T22:00:00.000Z)");
    expect(email.text).not.toContain("No change since");
    expect(email.html).not.toContain("No change since");
  });
});
