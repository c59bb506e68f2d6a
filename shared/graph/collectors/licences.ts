import type { LicencesData, Section } from "../../snapshot/types.js";
import type { GraphClient, GraphOperationOptions } from "../GraphClient.js";
import { guarded } from "../sectionFailure.js";

export const SUBSCRIBED_SKUS_URL =
  "/subscribedSkus?$select=skuId,skuPartNumber,capabilityStatus,prepaidUnits,servicePlans";

/** Service plan ids of Microsoft Entra ID P1 and P2 (stable across tenants). */
export const AAD_PREMIUM_P1_PLAN = "41781fb2-bc02-4b7c-bd55-b576c07bb09d";
export const AAD_PREMIUM_P2_PLAN = "eec0eb4f-6444-4f95-aba0-50c24d67f998";

interface GraphSku {
  skuPartNumber?: string;
  capabilityStatus?: string;
  prepaidUnits?: { enabled?: number };
  servicePlans?: { servicePlanId?: string; servicePlanName?: string; provisioningStatus?: string }[];
}

/** P1/P2 from /subscribedSkus ($filter is not supported there, so it is folded here). */
export function collectLicences(
  graph: GraphClient,
  options: Pick<GraphOperationOptions, "abortSignal"> = {},
): Promise<Section<LicencesData>> {
  return guarded("licences", async () => {
    const skus: GraphSku[] = [];
    for await (const page of graph.pages<GraphSku>(SUBSCRIBED_SKUS_URL, { ...options, section: "licences" }))
      skus.push(...page.value);
    return foldLicences(skus);
  });
}

export function foldLicences(skus: readonly GraphSku[]): LicencesData {
  let p1 = false;
  let p2 = false;
  const premiumSkus: string[] = [];
  for (const sku of skus) {
    // A suspended or empty subscription grants nothing.
    const active =
      (sku.capabilityStatus === "Enabled" || sku.capabilityStatus === "Warning") &&
      (sku.prepaidUnits?.enabled ?? 0) > 0;
    const plans = (sku.servicePlans ?? []).filter((p) => p.provisioningStatus !== "Disabled");
    const hasP1 = plans.some((p) => p.servicePlanId === AAD_PREMIUM_P1_PLAN || p.servicePlanName === "AAD_PREMIUM");
    const hasP2 = plans.some((p) => p.servicePlanId === AAD_PREMIUM_P2_PLAN || p.servicePlanName === "AAD_PREMIUM_P2");
    if (!hasP1 && !hasP2) continue;
    if (sku.skuPartNumber) premiumSkus.push(sku.skuPartNumber);
    if (!active) continue;
    if (hasP1 || hasP2) p1 = true;
    if (hasP2) p2 = true;
  }
  return { p1, p2, premiumSkus: [...new Set(premiumSkus)].sort() };
}
