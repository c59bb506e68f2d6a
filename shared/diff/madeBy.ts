/**
 * Who made an increase, and when, from the directory audit log the audit read (the window since
 * the previous audit): each increase is matched to the logged changes that can have caused it — a
 * role given, a member or owner added, an app role granted, writeback switched on, the authorization
 * policy updated — by the object ids the event names. An increase the log does not explain says so
 * ("actor unknown", and why); it never borrows an event that does not name the same objects.
 *
 * Pure: the diff and the current snapshot in, the diff with `madeBy` on each increase out.
 */
import type { Finding } from "../exposure/types.js";
import { DIRECTORY_CHANGE_ACTIVITIES, type DirectoryChangeKind } from "../snapshot/auditActivities.js";
import type { AuditActor, AuditEventsData, DirectoryChangeEvent, Snapshot } from "../snapshot/types.js";
import { formatUtc } from "../report/format.js";
import type { Change, ChangeAuthor, ChangeAuthorEvent, Diff, UnknownAuthor } from "./types.js";

/** Events named on one change at most; the rest are counted. */
export const AUTHOR_EVENTS_SHOWN = 3;

/**
 * One way the log can explain a change: an event of one of these kinds that names, for each group
 * of `required`, at least one of its ids.
 */
interface Explanation {
  kinds: readonly DirectoryChangeKind[];
  required: readonly (readonly string[])[];
}

const ROLE_GIVEN: readonly DirectoryChangeKind[] = ["role-assignment", "role-activation", "role-eligibility"];
const ACTIVE_ROLE: readonly DirectoryChangeKind[] = ["role-assignment", "role-activation"];
// PIM for Groups logs a membership with the PIM role activities (the group is the resource).
const MEMBER_ADDED: readonly DirectoryChangeKind[] = ["group-member", ...ROLE_GIVEN];

export function attributeChanges(diff: Diff, snapshot: Snapshot): Diff {
  if (diff.baseline) return diff;
  const log = snapshot.sections.auditEvents;
  const attribute = (c: Change): Change =>
    c.direction === "increase" && c.type !== "coverage"
      ? {
          ...c,
          madeBy: log.status === "ok" ? authorOf(c, log.data, snapshot) : { events: [], unknown: "log-unreadable" },
        }
      : c;
  return { ...diff, changes: diff.changes.map(attribute) };
}

function authorOf(c: Change, log: AuditEventsData, snapshot: Snapshot): ChangeAuthor {
  const f = c.after ?? c.before;
  if (c.rule === "writeback" || c.rule === "writeback-switched") {
    const enabled = log.toggles.filter((t) => t.activity === "enable" && t.result === "success");
    return fromEvents(
      enabled.map((t) => ({
        eventId: t.id,
        activity: "Enable password writeback for directory",
        at: t.at,
        actor: t.initiatedBy,
      })),
      0,
    );
  }
  if (f?.kind === "synced-reset") {
    const resets = log.syncedUserResets.filter((r) => r.result.toLowerCase() === "success");
    return fromEvents(
      resets.map((r) => ({ eventId: r.id, activity: r.activity, at: r.at, actor: r.initiatedBy })),
      0,
    );
  }
  // Microsoft documents no audit activity for the users' SSPR scope, nor for a declaration.
  if (c.rule === "sspr-users" || f?.kind === "sspr" || f?.kind === "declaration-contradicted") {
    return { events: [], unknown: "not-logged" };
  }
  if (!log.directoryChanges) return { events: [], unknown: "not-collected" };
  const ways = c.rule === "sspr-admin" || f?.kind === "sspr-admin" ? [] : explanations(c, f, snapshot);
  const matched =
    c.rule === "sspr-admin" || f?.kind === "sspr-admin"
      ? log.directoryChanges.filter(
          (e) => kindOf(e) === "authorization-policy" && e.properties.some((p) => /allowedtousesspr/i.test(p)),
        )
      : log.directoryChanges.filter((e) => ways.some((w) => explains(w, e)));
  return fromEvents(
    matched.map((e) => ({ eventId: e.id, activity: e.activity, at: e.at, actor: e.initiatedBy })),
    log.directoryChangesOmitted ?? 0,
  );
}

function fromEvents(events: ChangeAuthorEvent[], omitted: number): ChangeAuthor {
  if (events.length === 0) return { events: [], unknown: omitted > 0 ? "omitted" : "no-event" };
  const newest = [...events].sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || a.eventId.localeCompare(b.eventId));
  const shown = newest.slice(0, AUTHOR_EVENTS_SHOWN);
  return { events: shown, ...(newest.length > shown.length ? { more: newest.length - shown.length } : {}) };
}

function kindOf(e: DirectoryChangeEvent): DirectoryChangeKind | undefined {
  return DIRECTORY_CHANGE_ACTIVITIES[e.activity];
}

function explains(w: Explanation, e: DirectoryChangeEvent): boolean {
  const kind = kindOf(e);
  if (!kind || !w.kinds.includes(kind)) return false;
  const ids = new Set(e.objectIds);
  return w.required.every((group) => group.some((id) => ids.has(id.toLowerCase())));
}

/** The ways the log can explain one increase. */
function explanations(c: Change, f: Finding | undefined, snapshot: Snapshot): Explanation[] {
  if (c.rule === "group-role") {
    // The group given the role, or members joining it: either names the group.
    const first = c.items?.map((i) => i.after ?? i.before).find((x) => x?.via?.kind === "group");
    if (!first?.via) return [];
    const members = (c.items ?? []).map((i) => (i.after ?? i.before)?.principal?.id).filter((id): id is string => !!id);
    return [
      { kinds: ROLE_GIVEN, required: [[first.via.id], roleIds(first)] },
      { kinds: MEMBER_ADDED, required: [[first.via.id], members] },
    ];
  }
  if (!f?.principal) return [];
  const who = [f.principal.id];
  if (
    c.rule === "finding-changed" &&
    c.before &&
    c.after &&
    (c.after.reach.syncedUsers ?? 0) > (c.before.reach.syncedUsers ?? 0)
  ) {
    // A path that reaches more: members added to the administrative unit that scopes it.
    const au = f.scope.startsWith("/administrativeUnits/") ? f.scope.slice("/administrativeUnits/".length) : undefined;
    if (au) return [{ kinds: ["au-member"], required: [[au]] }];
  }
  const hop = f.hop;
  if (hop && !f.role && f.via?.kind !== "app-permission") {
    // An owner: of a role-assignable group, or of an application (its service principal or its application object).
    if (hop.target.type === "group") return [{ kinds: ["group-owner"], required: [who, [hop.target.id]] }];
    const app = snapshot.sections.appPermissions;
    const objectId = app.status === "ok" ? app.data.owners?.[hop.target.id]?.applicationObjectId : undefined;
    return [{ kinds: ["app-owner"], required: [who, [hop.target.id, ...(objectId ? [objectId] : [])]] }];
  }
  if (f.via?.kind === "app-permission") return [{ kinds: ["app-role-grant"], required: [who, [f.via.id]] }];
  if (!f.role) return [];
  if (f.via?.kind === "group") {
    return [
      { kinds: MEMBER_ADDED, required: [who, [f.via.id]] },
      { kinds: ROLE_GIVEN, required: [[f.via.id], roleIds(f)] },
    ];
  }
  const kinds =
    c.rule === "eligible-activated" || f.assignment === "active" ? ACTIVE_ROLE : ["role-eligibility" as const];
  return [{ kinds, required: [who, roleIds(f)] }];
}

/** A role is named in the log by its template id or its definition id. */
function roleIds(f: Finding): string[] {
  return f.role ? [...new Set([f.role.id, f.role.templateId])] : [];
}

/** "Ann Admin (ann@contoso.com)", "app HR Connector (appId)", or null when the event names nobody. */
export function actorName(a: AuditActor): string | null {
  if (a.userPrincipalName || a.userId) {
    const name = a.displayName ?? a.userPrincipalName ?? a.userId!;
    return a.userPrincipalName && a.userPrincipalName !== name ? `${name} (${a.userPrincipalName})` : name;
  }
  if (a.appId || a.servicePrincipalId) return `app ${a.displayName ?? a.appId ?? a.servicePrincipalId}`;
  return a.displayName ?? null;
}

const UNKNOWN_BECAUSE: Record<UnknownAuthor, string> = {
  "no-event": "no event in the directory audit log since the previous audit names this change",
  "log-unreadable": "the directory audit log could not be read by this audit",
  "not-collected": "this audit did not read directory changes from the audit log",
  "not-logged": "Microsoft documents no audit-log activity for this kind of change",
  omitted: "the audit log held more directory changes than an audit keeps",
};

/**
 * "Ann Admin (ann@contoso.com) at 2026-11-30 10:02 UTC (Add member to role)", or "actor unknown:
 * <why>". Plain text, tenant strings raw: renderers escape.
 */
export function describeMadeBy(m: ChangeAuthor): string {
  if (m.events.length === 0) return `actor unknown: ${UNKNOWN_BECAUSE[m.unknown ?? "no-event"]}`;
  const each = m.events.map((e) => `${actorName(e.actor) ?? "actor unknown"} at ${formatUtc(e.at)} (${e.activity})`);
  return [...each, ...(m.more ? [`and ${m.more} more`] : [])].join("; ");
}
