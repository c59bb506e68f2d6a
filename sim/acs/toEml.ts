/** A message as an RFC 5322 / MIME multipart/alternative file a mail client can open. */

export interface EmlInput {
  operationId: string;
  from: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  receivedAt: string;
}

/** RFC 2047 encoded-word for non-ASCII; CR/LF removed so a subject can never inject a header. */
function encodeHeader(value: string): string {
  const oneLine = value.replace(/[\r\n]+/g, " ");
  return /^[\x20-\x7e]*$/.test(oneLine) ? oneLine : `=?UTF-8?B?${Buffer.from(oneLine, "utf8").toString("base64")}?=`;
}

function base64Lines(text: string): string {
  return (
    Buffer.from(text, "utf8")
      .toString("base64")
      .match(/.{1,76}/g) ?? []
  ).join("\r\n");
}

export function toEml(m: EmlInput): string {
  const boundary = `=_wbw_${m.operationId.replace(/[^0-9a-zA-Z]/g, "")}`;
  return [
    `From: ${encodeHeader(m.from)}`,
    `To: ${m.to.map(encodeHeader).join(", ")}`,
    `Subject: ${encodeHeader(m.subject)}`,
    `Date: ${new Date(m.receivedAt).toUTCString()}`,
    `Message-ID: <${m.operationId.replace(/[^0-9a-zA-Z-]/g, "")}@acs-simulator.invalid>`,
    "MIME-Version: 1.0",
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    "",
    `--${boundary}`,
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: base64",
    "",
    base64Lines(m.text),
    `--${boundary}`,
    "Content-Type: text/html; charset=utf-8",
    "Content-Transfer-Encoding: base64",
    "",
    base64Lines(m.html),
    `--${boundary}--`,
    "",
  ].join("\r\n");
}
