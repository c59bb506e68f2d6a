import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { MAX_ROWS_PER_GROUP, renderHtmlReport } from "../../shared/report/htmlReport.js";
import { markup } from "../../shared/report/safeHtml.js";
import type { Finding } from "../../shared/exposure/types.js";
import { HOSTILE, changes, hostileExposure } from "./fixtures.js";

const render = (over: Parameters<typeof hostileExposure>[0] = {}, reportUrl?: string) =>
  renderHtmlReport({
    exposure: hostileExposure(over),
    recentChanges: changes(),
    generatedAt: "2026-11-23T22:05:00.000Z",
    reportUrl,
  });

describe("markup tagged template", () => {
  it("escapes interpolations, keeps nested SafeHtml, flattens arrays and drops null", () => {
    const inner = markup`<b>${"<i>"}</b>`;
    const out = markup`<p title="${`"x'`}">${inner}${["<a>", markup`<br>`]}${null}${undefined}${3}</p>`.toString();
    expect(out).toBe(`<p title="&quot;x&#39;"><b>&lt;i&gt;</b>&lt;a&gt;<br>3</p>`);
  });
});

describe("renderHtmlReport", () => {
  it("allows exactly its inline stylesheet by hash in the CSP", () => {
    const { html: page, contentSecurityPolicy } = render();
    const styles = [...page.matchAll(/<style>([\s\S]*?)<\/style>/g)];
    expect(styles).toHaveLength(1);
    const hash = createHash("sha256").update(styles[0]![1]!, "utf8").digest("base64");
    expect(contentSecurityPolicy).toBe(
      `default-src 'none'; style-src 'sha256-${hash}'; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    );
  });

  it("escapes every hostile tenant string and loads nothing external", () => {
    const { html: page } = render();
    expect(page).not.toContain(HOSTILE.script);
    expect(page).not.toContain(HOSTILE.img);
    expect(page).not.toMatch(/onmouseover='/);
    expect(page).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(page).toContain("&#39; onmouseover=&#39;alert(2)&#39; x=&#39;");
    expect(page).toContain("&quot;quotes&quot; &amp; &#39;apostrophes&#39;");
    expect(page).toContain(HOSTILE.rtl); // RTL marks and emoji are text, shown as is
    expect(page).not.toMatch(/<(script|link|img|iframe|object|embed)\b/i);
    expect(page).not.toMatch(/@import|url\(/i);
    // Text may say "onmouseover=" (escaped, harmless); no real tag may carry an event handler or inline style.
    expect(page).not.toMatch(/<[^>]*\s(on[a-z]+|style)\s*=/i);
  });

  it("labels the headline POTENTIAL while writeback is unknown, and not once it is known on", () => {
    expect(render().html).toContain("POTENTIAL");
    const on = render({
      writeback: { state: "on", evidence: [] },
      headline: { resetters: 7, syncedUsers: 4321, syncedUsersReached: 2_468, resetPaths: 12_345, potential: false },
    }).html;
    expect(on).not.toContain("POTENTIAL");
    expect(on).toContain("Writeback is on.");
    expect(on).toMatch(/data-figure="resetPaths">12,345</);
  });

  it("shows the synced users reached out of the synced total, unknown as unknown", () => {
    const figure = (html: string) =>
      /<dt>Synced users reached[^<]*(?:<span[^>]*>[^<]*<\/span>)?<\/dt><dd>(.*?)<\/dd>/
        .exec(html)?.[1]
        ?.replace(/<[^>]+>/g, "");
    expect(figure(render().html)).toBe("2,468 of 4,321");
    const blind = render({
      headline: { resetters: null, syncedUsers: 4321, syncedUsersReached: null, resetPaths: null, potential: true },
    }).html;
    expect(figure(blind)).toBe("unknown of 4,321");
  });

  it("groups reset paths by severity, highest first, with role, scope, assignment and via", () => {
    const { html: page } = render();
    const critical = page.indexOf('id="h-paths-critical"');
    const high = page.indexOf('id="h-paths-high"');
    expect(critical).toBeGreaterThan(0);
    expect(high).toBeGreaterThan(critical);
    expect(page).toContain("Helpdesk Administrator");
    expect(page).toContain("Eligible (PIM");
    expect(page).toContain("via group <bdi>&lt;img src=x onerror=alert(3)&gt;</bdi>");
    expect(page).toContain("(custom role)");
    expect(page).toMatch(/Administrative unit <bdi>\u202Eevil\.exe/);
  });

  it("names the permission to grant for each coverage gap and shows changes by direction", () => {
    const { html: page } = render();
    expect(page).toContain("<code>RoleEligibilitySchedule.Read.Directory</code>");
    expect(page).toContain("1 increased");
    expect(page).toContain("1 decreased");
  });

  it("marks a decrease in Recent changes as reduced, with what it was, not in its old severity's colour", () => {
    const { html: page } = render();
    const section = page.slice(page.indexOf('id="h-changes"'));
    const rowOf = (text: string) => {
      const from = section.slice(section.indexOf(text));
      return from.slice(0, from.indexOf("</tr>"));
    };
    const decrease = rowOf("Dana left Password Administrator");
    expect(decrease).toContain('<span class="badge reduced">Reduced</span> <span class="muted">was high</span>');
    expect(decrease).not.toMatch(/sev-/);
    expect(rowOf("became Helpdesk Administrator")).toContain('<span class="badge sev-critical">Critical</span>');
  });

  it("lists a section read in part (ok, with a reason) as a gap with its permission", () => {
    const base = hostileExposure();
    const coverage = [
      ...base.coverage,
      {
        section: "groupMembers" as const,
        status: "ok" as const,
        reason: "forbidden" as const,
        missingPermission: "PrivilegedEligibilitySchedule.Read.AzureADGroup",
        detail: "PIM for Groups eligible members could not be read.",
      },
    ];
    const page = renderHtmlReport({
      exposure: { ...base, coverage },
      recentChanges: [],
      generatedAt: "2026-11-23T22:05:00.000Z",
    }).html;
    expect(page).toContain("Read in part: ");
    expect(page).toContain("<code>PrivilegedEligibilitySchedule.Read.AzureADGroup</code>");
  });

  it("refuses a non-http report URL and escapes an http one", () => {
    expect(render({}, "javascript:alert(1)").html).not.toContain("javascript:");
    const page = render({}, 'https://app.example/api/exposure?format=html&x="1"').html;
    expect(page).toContain('href="https://app.example/api/exposure?format=html&amp;x=%221%22"');
  });

  it("caps very long groups and says where the rest is", () => {
    const many: Finding[] = Array.from({ length: MAX_ROWS_PER_GROUP + 5 }, (_, i) => ({
      key: `reset-path:u${i}:r:/:active`,
      kind: "reset-path",
      severity: "low",
      title: `path ${i}`,
      scope: "/",
      principal: { id: `u${i}`, type: "user", displayName: `User ${i}` },
      reach: { syncedUsers: 1 },
    }));
    const page = render({ findings: many }).html;
    expect(page.match(/<tr>\n<th scope="row">/g)).toHaveLength(
      MAX_ROWS_PER_GROUP + 2 /* evidence rows */ + 2 /* changes */ + 1 /* coverage */,
    );
    expect(page).toContain(`Showing ${MAX_ROWS_PER_GROUP} of 205`);
  });
});
