/** Directory scopes of role assignments: "/" tenant-wide, "/administrativeUnits/{id}" AU-scoped. */
const AU_SCOPE = /^\/administrativeUnits\/([^/]+)$/;

/** The administrative unit a directoryScopeId names, or undefined for any other scope. */
export function administrativeUnitOf(directoryScopeId: string | null | undefined): string | undefined {
  return directoryScopeId ? AU_SCOPE.exec(directoryScopeId)?.[1] : undefined;
}
