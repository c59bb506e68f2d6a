/**
 * The last step before an email is queued: wrap its text part and make sure it fits.
 *
 * Bounds: the HTML at most 96 KiB and the text part 48 KiB, UTF-8. Both together stay far under
 * what one outbox row holds for a body (10 binary properties of 64 KiB, TableOutboxStore.ts) even if
 * nothing compressed, far under the 10 MB ACS accepts for a whole email request ("Size limits for
 * email", learn.microsoft.com/azure/communication-services/concepts/service-limits), and under the
 * ~100 KB past which common webmail clients clip a message. The
 * renderers keep inside these bounds by showing the top changes and counting the rest; should a
 * body still be larger, it becomes the short form: the subject, one summary sentence and the link
 * to the report, so an alert is never lost for its size.
 */
import { esc, page, plain, reportLinkHtml, reportLinkTextLines, STYLE } from "./emailParts.js";
import { wrapTextPart } from "./lineBreaks.js";
import type { RenderedEmail } from "./renderAlertEmail.js";

export const MAX_HTML_BYTES = 96 * 1024;
export const MAX_TEXT_BYTES = 48 * 1024;

export interface FitEmailOptions {
  reportUrl?: string;
  /** One sentence for the short form (plain text; tenant strings raw). */
  summary?: string;
}

const bytes = (s: string) => Buffer.byteLength(s, "utf8");

export function fitsEmailBounds(email: Pick<RenderedEmail, "html" | "text">): boolean {
  return bytes(email.html) <= MAX_HTML_BYTES && bytes(email.text) <= MAX_TEXT_BYTES;
}

/** The email as it is queued: text wrapped, within the bounds (the same object when already so). */
export function fitEmail(email: RenderedEmail, options: FitEmailOptions = {}): RenderedEmail {
  const text = wrapTextPart(email.text);
  const wrapped = text === email.text ? email : { ...email, text };
  if (fitsEmailBounds(wrapped)) return wrapped;
  return shortForm(email.subject, options);
}

const TOO_LONG = "This message would be too long for email: the report lists every change.";

function shortForm(subject: string, options: FitEmailOptions): RenderedEmail {
  const summary = plain(options.summary ?? "").slice(0, 1000);
  const html = page(
    subject,
    [
      `<h2 style="${STYLE.h}">${esc(subject)}</h2>`,
      summary ? `<p style="${STYLE.p}">${esc(summary)}</p>` : "",
      `<p style="${STYLE.p}">${esc(TOO_LONG)}</p>`,
      reportLinkHtml(options.reportUrl),
    ].join(""),
  );
  const text = wrapTextPart(
    [subject, "", ...(summary ? [summary, ""] : []), TOO_LONG, ...reportLinkTextLines(options.reportUrl), ""].join(
      "\n",
    ),
  );
  return { subject, html, text };
}
