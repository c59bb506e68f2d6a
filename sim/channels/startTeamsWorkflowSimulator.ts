/**
 * A local stand-in for a Teams Workflows flow "Post to a channel when a webhook request is
 * received", for the demo and tests. Rules, each from Microsoft's documentation:
 * - the URL is the credential: a request trigger's URL carries a shared-access signature in its
 *   `sig` query parameter (Azure Logic Apps, "Receive and respond to inbound HTTPS calls",
 *   learn.microsoft.com/azure/connectors/connectors-native-reqres); another sig → 401;
 * - the body is a message with Adaptive Card attachments: `type` must be "message", each attachment's
 *   contentType application/vnd.microsoft.card.adaptive with the card as `content` ("Create and send
 *   messages", msteams-platform/webhooks-and-connectors/how-to/connectors-using.md); Workflows take
 *   Adaptive Cards only, so a MessageCard is refused (same page, Known issues) → 400;
 * - "The message size limit is 28 KB. When the size exceeds 28 KB, you receive an error", read as
 *   28,000 bytes (the stricter reading); "if more than four requests are made in a second, the
 *   client connection is throttled" (add-incoming-webhook.md) → 429 without a Retry-After, the
 *   stricter case: the client has to back off on its own;
 * - an accepted request is answered 202 (a request trigger without a Response action; Logic Apps doc above).
 * Every accepted card is kept, so tests count posts and the demo prints the card.
 */
import { randomBytes } from "node:crypto";
import { startStandInServer, type RunningStandIn, type StandInFault } from "./standInServer.js";

export const TEAMS_MESSAGE_LIMIT_BYTES = 28_000;
const THROTTLE_WINDOW_MS = 1000;
const THROTTLE_MAX_REQUESTS = 4;

export interface PostedCard {
  /** The Adaptive Card (the attachment's content). */
  card: Record<string, unknown>;
  body: Record<string, unknown>;
  bytes: number;
}

export interface RunningTeamsWorkflowSimulator extends RunningStandIn {
  /** The flow's URL, sig included: what TEAMS_WORKFLOW_URL is set to. */
  url: string;
  cards: readonly PostedCard[];
}

export async function startTeamsWorkflowSimulator(
  options: { faults?: StandInFault[]; now?: () => number } = {},
): Promise<RunningTeamsWorkflowSimulator> {
  const sig = randomBytes(24).toString("base64url");
  const flowId = randomBytes(16).toString("hex");
  const path = `/workflows/${flowId}/triggers/manual/paths/invoke`;
  const cards: PostedCard[] = [];
  const recent: number[] = [];
  const now = options.now ?? Date.now;
  const server = await startStandInServer(
    ({ method, url, body }) => {
      if (method !== "POST" || url.pathname !== path) return { status: 404, body: { error: { code: "NotFound" } } };
      if (url.searchParams.get("sig") !== sig) {
        return { status: 401, body: { error: { code: "DirectApiInvalidAuthorizationSignature" } } };
      }
      const t = now();
      while (recent.length && t - recent[0]! >= THROTTLE_WINDOW_MS) recent.shift();
      if (recent.length >= THROTTLE_MAX_REQUESTS) return { status: 429, body: { error: { code: "TooManyRequests" } } };
      recent.push(t);
      if (body.length > TEAMS_MESSAGE_LIMIT_BYTES) {
        return {
          status: 413,
          body: { error: { code: "PayloadTooLarge", message: "The message size limit is 28 KB." } },
        };
      }
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(body.toString("utf8")) as Record<string, unknown>;
      } catch {
        return { status: 400, body: { error: { code: "InvalidRequestContent", message: "The body is not JSON." } } };
      }
      const problem = messageProblem(parsed);
      if (problem) return { status: 400, body: { error: { code: "InvalidRequestContent", message: problem } } };
      const attachments = parsed.attachments as { content: Record<string, unknown> }[];
      for (const a of attachments) cards.push({ card: a.content, body: parsed, bytes: body.length });
      return { status: 202 };
    },
    { faults: options.faults },
  );
  return {
    ...server,
    url: `${server.baseUrl}${path}?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${sig}`,
    cards,
  };
}

function messageProblem(m: Record<string, unknown>): string | undefined {
  if (m.type !== "message") return 'The "type" field must be "message" (Workflows take Adaptive Cards only).';
  if (!Array.isArray(m.attachments) || m.attachments.length === 0) return 'The "attachments" array must hold the card.';
  for (const a of m.attachments as Record<string, unknown>[]) {
    if (a.contentType !== "application/vnd.microsoft.card.adaptive")
      return 'Each attachment\'s "contentType" must be application/vnd.microsoft.card.adaptive.';
    const c = a.content as Record<string, unknown> | undefined;
    if (!c || c.type !== "AdaptiveCard" || typeof c.version !== "string" || !Array.isArray(c.body))
      return 'Each attachment\'s "content" must be an AdaptiveCard with a version and a body.';
  }
  return undefined;
}
