/**
 * Whether a granted role-definition resource action covers a wanted one. Reset capability and every
 * one-hop escalation are decided by these actions (entra-docs role-based-access-control/
 * permissions-reference.md and its includes), so custom roles and roles Microsoft adds later are
 * judged by what they grant, never by their name.
 *
 * Resource actions read `<namespace>/<entity>/<propertySet>/<action>` or `<namespace>/<entity>/<action>`
 * (privileged-roles-permissions.md): `allProperties` covers every property set, `allTasks` covers
 * create, read, update and delete, and `*` may appear inside a segment or stand for every remaining
 * segment. An entity with a qualifier (`applications.myOrganization`) narrows which objects of the
 * entity it covers; it is counted as covering them, the reading an exposure audit must not miss.
 */

/** True when `granted` (as a role definition lists it) allows the `wanted` action. */
export function coversAction(granted: string, wanted: string): boolean {
  const g = granted.trim().toLowerCase().split("/");
  const w = wanted.toLowerCase().split("/");
  for (let i = 0; i < g.length; i++) {
    const seg = g[i]!;
    if (seg === "*" && i === g.length - 1) return i <= w.length; // "microsoft.directory/*"
    if (i >= w.length) return false;
    if (i === 1 && entityCovers(seg, w[1]!)) continue;
    if (i === 0 && globMatch(seg, w[0]!)) continue;
    if (i < 2) return false;
    // Past the entity: a property set then a verb, or a verb alone.
    return tailCovers(g.slice(2), w.slice(2));
  }
  return g.length === w.length;
}

function tailCovers(granted: string[], wanted: string[]): boolean {
  if (granted.length === 1 && granted[0] === "*") return true;
  if (wanted.length === 2) {
    if (granted.length !== 2) return false;
    const [set, verb] = granted as [string, string];
    const setOk = set === "allproperties" || globMatch(set, wanted[0]!);
    const verbOk = verb === "alltasks" || globMatch(verb, wanted[1]!);
    return setOk && verbOk;
  }
  if (wanted.length === 1) {
    // "create" / "delete": a verb alone, or `allProperties/allTasks` (all tasks on every property).
    if (granted.length === 1) return globMatch(granted[0]!, wanted[0]!);
    return granted.length === 2 && granted[0] === "allproperties" && granted[1] === "alltasks";
  }
  return false;
}

function entityCovers(granted: string, wanted: string): boolean {
  if (globMatch(granted, wanted)) return true;
  const dot = granted.indexOf(".");
  return dot > 0 && granted.slice(0, dot) === wanted;
}

function globMatch(pattern: string, value: string): boolean {
  if (!pattern.includes("*")) return pattern === value;
  const re = new RegExp(`^${pattern.split("*").map(escapeRegExp).join("[^/]*")}$`);
  return re.test(value);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The granted actions that cover any of the wanted ones. */
export function coveringActions(granted: readonly string[], wanted: readonly string[]): string[] {
  return granted.filter((g) => wanted.some((w) => coversAction(g, w)));
}
