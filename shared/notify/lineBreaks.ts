/**
 * Long words in an email. A display name of thousands of characters without a space (hostile or
 * generated) must not widen the message past a phone screen, nor leave a text line no client wraps.
 * HTML gets soft breaks (<wbr>) inside long runs of text, beside overflow-wrap in the inline styles
 * (clients that ignore one honour the other); the text part is wrapped to 78 columns, the line
 * length RFC 5322 section 2.1.1 recommends, except lines that are a bare URL, which clients link
 * only when whole.
 */
import wrapAnsi from "wrap-ansi";

/** Characters between two soft breaks in a run of text without spaces. */
const SOFT_BREAK_EVERY = 20;
/** RFC 5322 section 2.1.1: lines SHOULD be no more than 78 characters. */
export const TEXT_LINE_WIDTH = 78;

/** One character as it will be shown: a character reference (`&amp;`) or one code point. */
const SHOWN_CHARACTER = /&#?[A-Za-z0-9]+;|[^]/gu;

function breakRun(run: string): string {
  const chars = run.match(SHOWN_CHARACTER) ?? [];
  if (chars.length <= SOFT_BREAK_EVERY) return run;
  const pieces: string[] = [];
  for (let i = 0; i < chars.length; i += SOFT_BREAK_EVERY) pieces.push(chars.slice(i, i + SOFT_BREAK_EVERY).join(""));
  return pieces.join("<wbr>");
}

/**
 * Soft breaks in the text between tags of markup this project generated (every tenant string in it
 * already escaped, so text holds no `<`); attribute values and tags are left alone.
 */
export function softBreaks(html: string): string {
  return html.replace(
    />([^<]+)</g,
    (_m, text: string) => `>${text.replace(new RegExp(`\\S{${SOFT_BREAK_EVERY + 1},}`, "g"), breakRun)}<`,
  );
}

const LIST_MARKER = /^(?:[-*] |\d+\. )/;
const BARE_URL = /^\s*https?:\/\/\S+\s*$/i;

function wrapLine(line: string, width: number): string {
  if (line.length <= width && !/[^\x20-\x7e]/.test(line)) return line;
  if (BARE_URL.test(line)) return line;
  const indent = /^ */.exec(line)![0];
  const marker = LIST_MARKER.exec(line.slice(indent.length))?.[0] ?? "";
  const hang = " ".repeat(indent.length + marker.length);
  const body = line.slice(hang.length);
  const columns = Math.max(20, width - hang.length);
  return wrapAnsi(body, columns, { hard: true, trim: true })
    .split("\n")
    .map((part, i) => (i === 0 ? `${indent}${marker}` : hang) + part)
    .join("\n");
}

/** The text part wrapped line by line; continuation lines keep the indent of their list item. */
export function wrapTextPart(text: string, width = TEXT_LINE_WIDTH): string {
  return text
    .split("\n")
    .map((line) => wrapLine(line, width))
    .join("\n");
}
