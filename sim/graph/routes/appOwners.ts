/**
 * Owners of service principals and of application objects, and an application looked up by appId
 * (the appOwners part of the appPermissions collector). Applications are addressed by id or by
 * `applications(appId='…')` (application-get.md, application-list-owners.md: "You can address the
 * application using either its id or appId"); an appId this tenant has no application for is 404.
 */
import { APPLICATION } from "../entities.js";
import { notFound } from "../errors.js";
import type { SimApplication, TenantModel } from "../model.js";
import { respondCollection, respondEntity } from "../respond.js";
import { directoryObjectsSpec } from "./directoryObjects.js";
import { DOCUMENTED, type DocumentedRoute } from "./documented.js";
import { resourceNotFoundMessage, type Route } from "./route.js";
import { spByKey } from "./appPermissions.js";

function applicationByKey(tenant: TenantModel, key: string): SimApplication {
  const byAppId = key.startsWith("appId=") ? key.slice("appId=".length).toLowerCase() : undefined;
  for (const app of tenant.applications.values()) {
    if (byAppId ? app.appId.toLowerCase() === byAppId : app.id === key.toLowerCase()) return app;
  }
  throw notFound(resourceNotFoundMessage(byAppId ?? key));
}

/** The owners of an object (a directoryObject collection), looked up by the path's key. */
function ownersRoute(
  pattern: string,
  documented: DocumentedRoute,
  ownersOf: (tenant: TenantModel, key: string) => string[],
): Route {
  return {
    method: "GET",
    pattern,
    section: "appPermissions",
    documented,
    handle: (ctx) =>
      respondCollection(
        ctx,
        directoryObjectsSpec(
          ctx,
          ownersOf(ctx.tenant, ctx.params.key ?? ""),
          undefined,
          "directoryObjects",
          documented,
        ),
      ),
  };
}

export const appOwnersRoutes: Route[] = [
  ownersRoute(
    "/servicePrincipals/{key}/owners",
    DOCUMENTED.servicePrincipalOwners,
    (t, key) => spByKey(t, key).owners ?? [],
  ),
  {
    method: "GET",
    pattern: "/applications/{app}",
    section: "appPermissions",
    documented: DOCUMENTED.application,
    handle: (ctx) => {
      const app = applicationByKey(ctx.tenant, ctx.params.app ?? "");
      return respondEntity(
        ctx,
        APPLICATION,
        { id: app.id, appId: app.appId, displayName: app.displayName },
        "applications/$entity",
      );
    },
  },
  ownersRoute("/applications/{key}/owners", DOCUMENTED.applicationOwners, (t, key) => applicationByKey(t, key).owners),
];
