/**
 * The report's only stylesheet, inlined and allowed by hash in the Content-Security-Policy, so the
 * page needs nothing from the network and no 'unsafe-inline'.
 *
 * Colours: every text/background pair is at least 4.5:1 (WCAG AA); severity and direction are
 * also written out in words, never shown by colour alone.
 */
import { createHash } from "node:crypto";

export const REPORT_STYLE = `
:root{color-scheme:light;--fg:#1a1a1a;--muted:#4a4a4a;--bg:#fff;--panel:#f4f5f7;--line:#c9ccd1;--link:#0b57a4;
--critical:#8b0000;--high:#a3261c;--medium:#6e4700;--low:#1f5a85;--info:#4a4a4a;--up:#8b0000;--down:#1b5e20}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;overflow-wrap:anywhere}
a{color:var(--link)}
a:focus,summary:focus{outline:3px solid var(--link);outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:var(--bg);padding:.5rem}
.skip:focus{left:.5rem}
header,main,footer{max-width:72rem;margin:0 auto;padding:1rem}
header{border-bottom:1px solid var(--line)}
h1{font-size:1.6rem;margin:.25rem 0}
h2{font-size:1.3rem;margin:2rem 0 .75rem;border-bottom:2px solid var(--line);padding-bottom:.25rem}
h3{font-size:1.1rem;margin:1.5rem 0 .5rem}
p{margin:.5rem 0}
.muted{color:var(--muted)}
.figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(10rem,1fr));gap:.75rem;margin:0;padding:0}
.figure{background:var(--panel);border:1px solid var(--line);border-radius:.5rem;padding:.75rem 1rem;margin:0}
.figure dt{font-size:.9rem;color:var(--muted)}
.figure dd{margin:0;font-size:1.8rem;font-weight:700;line-height:1.2}
.figure dd .of{display:block;font-size:.9rem;font-weight:400;color:var(--muted);white-space:nowrap}
.note{border-left:4px solid var(--medium);background:#fff8e6;padding:.5rem .75rem;margin:.75rem 0}
.badge{display:inline-block;white-space:nowrap;padding:0 .4rem;border-radius:.25rem;font-size:.8rem;font-weight:700;letter-spacing:.02em;color:#fff;background:var(--info);vertical-align:middle}
.sev-critical{background:var(--critical)}.sev-high{background:var(--high)}.sev-medium{background:var(--medium)}
.sev-low{background:var(--low)}.sev-info{background:var(--info)}.reduced{background:var(--down)}
.state-on{background:var(--critical)}.state-off{background:var(--down)}.state-unknown{background:var(--medium)}
.potential{background:var(--medium)}
.accepted{background:var(--down)}.acceptance-ended{background:var(--high)}
.acceptance{margin-top:.25rem;font-weight:400}
.dir-increase{color:var(--up);font-weight:700}.dir-decrease{color:var(--down);font-weight:700}.dir-neutral{color:var(--muted)}
table{width:100%;border-collapse:collapse;margin:.5rem 0 1rem;table-layout:fixed}
.w12{width:12%}.w15{width:15%}.w18{width:18%}.w20{width:20%}.w22{width:22%}.w23{width:23%}.w25{width:25%}.w27{width:27%}.w28{width:28%}.w30{width:30%}.w35{width:35%}.w45{width:45%}.w50{width:50%}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{text-align:left;vertical-align:top;padding:.45rem .5rem;border-bottom:1px solid var(--line)}
thead th{background:var(--panel);font-size:.9rem}
tbody th{font-weight:600}
tbody th .muted{font-weight:400}
ul.plain{list-style:none;padding:0;margin:.25rem 0}
ul.samples{margin:.25rem 0;padding-left:1.1rem;font-size:.9rem}
.kv{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:.5rem 0}
.kv dt{font-weight:600}.kv dd{margin:0}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em;background:var(--panel);padding:0 .2rem;border-radius:.2rem}
footer{border-top:1px solid var(--line);font-size:.9rem;color:var(--muted)}
.trend-grid{display:grid;grid-template-columns:1fr;gap:1rem;margin:.75rem 0}
.trend-panel{margin:0;border:1px solid var(--line);border-radius:.5rem;padding:.5rem .75rem}
.trend-panel figcaption{display:flex;justify-content:space-between;gap:.5rem;font-size:.9rem;color:var(--muted)}
.trend-now{font-size:1.2rem;font-weight:700;color:var(--fg)}
.trend-panel svg{display:block;width:100%;max-width:30rem;height:auto;margin:.25rem auto 0}
.trend-panel .grid{stroke:var(--line);stroke-width:1}
.trend-panel .tick{fill:var(--muted);font-size:13px}
.trend-line{fill:none;stroke:var(--link);stroke-width:2.5}
.trend-dot{fill:var(--link)}
.mark-alert{stroke:var(--critical);stroke-width:1.5}
.mark-alert-head{fill:var(--critical)}
.mark-coverage{stroke:var(--medium);stroke-width:1.5;stroke-dasharray:4 3}
.mark-coverage-dot{fill:var(--bg);stroke:var(--medium);stroke-width:1.5}
.legend,.nowrap{white-space:nowrap}
.swatch{width:.9em;height:.9em;vertical-align:-.1em}
details summary{cursor:pointer;font-weight:600;margin:.5rem 0}
@media (min-width:48rem){.trend-grid{grid-template-columns:1fr 1fr}}
@media (max-width:40rem){
h1{font-size:1.35rem}
.kv{grid-template-columns:1fr}.kv dd{margin-bottom:.5rem}
table.stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
table.stack,table.stack tbody,table.stack tr,table.stack th,table.stack td{display:block;width:100%}
table.stack{table-layout:auto}
table.stack caption{display:block}
table.stack tr{border:1px solid var(--line);border-radius:.5rem;margin:0 0 .75rem;padding:.25rem .5rem}
table.stack th,table.stack td{border:0;padding:.3rem 0}
table.stack td[data-label]::before{content:attr(data-label);display:block;font-size:.8rem;font-weight:700;color:var(--muted)}
}
@media print{.skip{display:none}a{color:inherit}}
`;

/** The value for `style-src` in the CSP: the base64 SHA-256 of the exact <style> text. */
export function styleHashSource(style: string = REPORT_STYLE): string {
  return `'sha256-${createHash("sha256").update(style, "utf8").digest("base64")}'`;
}

/** The report's Content-Security-Policy: nothing but the hashed stylesheet may load or run. */
export function reportContentSecurityPolicy(style: string = REPORT_STYLE): string {
  return [
    "default-src 'none'",
    `style-src ${styleHashSource(style)}`,
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}
