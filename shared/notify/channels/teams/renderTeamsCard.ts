/**
 * The alert as a Microsoft Teams message: an Adaptive Card inside the message envelope a Workflows
 * webhook ("Post to a channel when a webhook request is received") expects. Workflows accept
 * Adaptive Cards only, not the connectors' MessageCard format ("Create and send messages",
 * learn.microsoft.com/microsoftteams/platform/webhooks-and-connectors/how-to/connectors-using,
 * Known issues); the envelope is the one that page shows: `type: "message"` and one attachment of
 * contentType application/vnd.microsoft.card.adaptive with the card as `content`.
 *
 * The card says what grew, who, the reach, what to do, and links to the report (Action.OpenUrl,
 * a supported action there). Only Adaptive Card 1.2 elements are used (the version of that page's
 * example), and the message is kept within "the message size limit is 28 KB" ("Create an incoming
 * webhook", msteams-platform/webhooks-and-connectors/how-to/add-incoming-webhook.md), read as
 * 28,000 bytes of the whole JSON body, the stricter reading: fewer changes in full until it fits. Tenant strings are escaped for the card's Markdown.
 * Pure: same input, same output.
 */
import { changeFacts, formatCount, headlineRows, plural, type ChangeFacts } from "../../emailParts.js";
import { describeGrowth } from "../../renderAlertEmail.js";
import type { AlertContent, RenderedMessage } from "../../notifier.js";
import { fitJsonMessage } from "../fitJsonMessage.js";
import type { Change } from "../../../diff/types.js";

export const TEAMS_MESSAGE_MAX_BYTES = 28_000;
/** Changes shown in full at most; the rest are counted with a link to the report. */
export const TEAMS_CHANGES_SHOWN = 10;
const MAX_TEXT_CHARS = 300;

type CardElement = Record<string, unknown>;

/**
 * Adaptive Cards render a Markdown subset in TextBlock and FactSet text: a tenant string must not
 * turn into a link or formatting. Backslash-escapes CommonMark's punctuation and folds line breaks.
 */
export function escapeCardMarkdown(s: string): string {
  return s
    .replace(/[\r\n\t]+/g, " ")
    .slice(0, MAX_TEXT_CHARS)
    .replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`);
}

function text(value: string, extra: CardElement = {}): CardElement {
  return { type: "TextBlock", text: value, wrap: true, ...extra };
}

function factsOf(f: ChangeFacts): { title: string; value: string }[] {
  const rows: [string, string][] = [
    ["Who", f.who],
    ["How", f.how],
    ["Reach", f.reach],
    ["What to do", f.todo],
  ];
  return rows.filter(([, v]) => v).map(([title, value]) => ({ title, value: escapeCardMarkdown(value) }));
}

function changeBlock(c: Change): CardElement {
  const f = changeFacts(c);
  return {
    type: "Container",
    separator: true,
    spacing: "Medium",
    items: [
      text(`**${c.severity.toUpperCase()}** ${escapeCardMarkdown(f.what)}`),
      { type: "FactSet", facts: factsOf(f) },
    ],
  };
}

function card(content: AlertContent, shown: number): CardElement {
  const { diff, fresh, reportUrl, deliveryId } = content;
  const title = `Password writeback exposure increased: ${describeGrowth(fresh)}`;
  const rest = fresh.length - shown;
  const since = diff.fromTakenAt ? ` since the audit of ${diff.fromTakenAt}` : "";
  const body: CardElement[] = [
    text(escapeCardMarkdown(title), { size: "Medium", weight: "Bolder", color: "Attention" }),
    text(
      escapeCardMarkdown(
        `The audit of ${diff.toTakenAt} found ${plural(fresh.length, "increase", "increases")}${since} in who can reset synced users' passwords from the cloud (tenant ${diff.tenantId}).`,
      ),
      { isSubtle: true },
    ),
    {
      type: "FactSet",
      facts: headlineRows(diff.headlineAfter, diff.headlineBefore).map(([title, value]) => ({
        title: escapeCardMarkdown(title),
        value: escapeCardMarkdown(value),
      })),
    },
    ...fresh.slice(0, shown).map(changeBlock),
    ...(rest > 0
      ? [
          text(`… and ${formatCount(rest)} more ${rest === 1 ? "increase" : "increases"}: see the report.`, {
            isSubtle: true,
          }),
        ]
      : []),
    text(`Alert ${deliveryId}`, { isSubtle: true, size: "Small" }),
  ];
  return {
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    type: "AdaptiveCard",
    version: "1.2",
    body,
    ...(reportUrl ? { actions: [{ type: "Action.OpenUrl", title: "Open the report", url: reportUrl }] } : {}),
  };
}

/** The Workflows message: envelope + card. */
export function teamsMessage(content: AlertContent, shown: number): Record<string, unknown> {
  return {
    type: "message",
    attachments: [
      { contentType: "application/vnd.microsoft.card.adaptive", contentUrl: null, content: card(content, shown) },
    ],
  };
}

/** Subject for the outbox and the logs; text is the JSON body posted to the workflow. */
export function renderTeamsCard(content: AlertContent): RenderedMessage {
  return fitJsonMessage(content, { maxShown: TEAMS_CHANGES_SHOWN, maxBytes: TEAMS_MESSAGE_MAX_BYTES }, teamsMessage);
}
