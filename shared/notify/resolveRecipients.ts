/**
 * Alert recipients: ALERT_RECIPIENTS plus the mail addresses of the transitive user members of
 * ALERT_RECIPIENTS_GROUP_ID, deduplicated case-insensitively and validated.
 *
 * Members without a `mail` are left out, not mailed at their userPrincipalName: a UPN is a sign-in
 * name, often not a mailbox, and mail to a non-existent address bounces and hurts the ACS sender's
 * reputation. They are counted in `withoutMail` so the caller can log it.
 */
import type { MailConfig } from "../config.js";
import { UserError } from "../errors.js";
import { EVENTUAL } from "../graph/odata.js";
import { PAGE_SIZE } from "../graph/pageSizes.js";
import { isGuid } from "../guid.js";

/** What this module needs from the Graph client (GraphClient.pages satisfies it). */
export interface GroupMembersSource {
  pages<T>(
    path: string,
    options?: { abortSignal?: AbortSignal; headers?: Record<string, string> },
  ): AsyncIterable<{ value: T[] }>;
}

interface MemberUser {
  id: string;
  mail?: string | null;
  userPrincipalName?: string | null;
}

// Deliberately plain: one @, no spaces or controls, a dotted domain; anything odder is not mailed.
const EMAIL =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /^[^\s@<>()[\]\\,;:"\u0000-\u001f\u007f]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i;

export function isEmailAddress(s: string): boolean {
  return s.length <= 254 && EMAIL.test(s);
}

export interface RecipientReport {
  recipients: string[];
  /** Group members skipped for having no mail attribute. */
  withoutMail: number;
  /** Addresses (configured or from the group) that were not valid email addresses. */
  invalid: number;
}

export async function resolveRecipientsReport(
  mail: Pick<MailConfig, "recipients" | "recipientsGroupId">,
  graph: GroupMembersSource | undefined,
  options: { abortSignal?: AbortSignal } = {},
): Promise<RecipientReport> {
  const out = new Map<string, string>();
  let invalid = 0;
  let withoutMail = 0;
  const add = (address: string) => {
    const a = address.trim();
    if (!isEmailAddress(a)) {
      invalid += 1;
      return;
    }
    if (!out.has(a.toLowerCase())) out.set(a.toLowerCase(), a);
  };
  mail.recipients.forEach(add);
  const groupId = mail.recipientsGroupId;
  if (groupId) {
    if (!isGuid(groupId))
      throw new UserError(`ALERT_RECIPIENTS_GROUP_ID must be a group object id (GUID); got "${groupId.slice(0, 60)}".`);
    if (!graph) throw new Error("ALERT_RECIPIENTS_GROUP_ID is set but no Graph client was given to resolve it.");
    // group-list-transitivemembers: an OData cast needs ConsistencyLevel: eventual and $count=true.
    const path = `/groups/${groupId.toLowerCase()}/transitiveMembers/microsoft.graph.user?$select=id,mail,userPrincipalName&$top=${PAGE_SIZE.transitiveMembers}&$count=true`;
    for await (const page of graph.pages<MemberUser>(path, { ...options, headers: { ...EVENTUAL } })) {
      for (const u of page.value) {
        if (u.mail) add(u.mail);
        else withoutMail += 1;
      }
    }
  }
  return { recipients: [...out.values()], withoutMail, invalid };
}

export async function resolveRecipients(
  mail: Pick<MailConfig, "recipients" | "recipientsGroupId">,
  graph: GroupMembersSource | undefined,
  options: { abortSignal?: AbortSignal } = {},
): Promise<string[]> {
  return (await resolveRecipientsReport(mail, graph, options)).recipients;
}
