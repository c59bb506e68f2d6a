/**
 * Serves one rendered report from 127.0.0.1 with its CSP header, the way the exposure function
 * does, so a browser enforces the same policy a user's browser would. Shared by the browser test
 * and scripts/screenshot-report.ts.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { HtmlReport } from "../../shared/report/htmlReport.js";

export interface ServedReport {
  url: string;
  close(): Promise<void>;
}

export async function serveReport(report: HtmlReport): Promise<ServedReport> {
  const server: Server = createServer((req, res) => {
    if (req.url !== "/") {
      // Anything else the page asks for is a leak the CSP should have blocked; make it visible.
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": report.contentSecurityPolicy,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "no-store",
    });
    res.end(report.html);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
