/** Plain-fetch helpers for the simulator suites (deliberately not the product's Graph client). */
export const AUTH = { authorization: "Bearer test-token" };
export const CE = { consistencylevel: "eventual" };

export interface GraphReply {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are inspected loosely in tests
  json: any;
}

export async function graph(
  base: string,
  path: string,
  init: { headers?: Record<string, string>; method?: string; body?: unknown; version?: string } = {},
): Promise<GraphReply> {
  const url = path.startsWith("http") ? path : `${base}/${init.version ?? "v1.0"}${path}`;
  const res = await fetch(url, {
    method: init.method ?? "GET",
    headers: {
      ...AUTH,
      ...(init.body !== undefined ? { "content-type": "application/json" } : {}),
      ...(init.headers ?? {}),
    },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = JSON.parse(text);
  } catch {
    // text/plain ($count)
  }
  return { status: res.status, headers: res.headers, text, json };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- items are inspected loosely in tests
type Item = any;

/** Follows @odata.nextLink verbatim and returns every item plus the number of pages. */
export async function pageAll(
  base: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ items: Item[]; pages: number; pageSizes: number[] }> {
  const items: Item[] = [];
  const pageSizes: number[] = [];
  let next: string | undefined = path;
  while (next) {
    const r = await graph(base, next, { headers });
    if (r.status !== 200) throw new Error(`${r.status} on ${next}: ${r.text}`);
    items.push(...r.json.value);
    pageSizes.push(r.json.value.length);
    next = r.json["@odata.nextLink"];
  }
  return { items, pages: pageSizes.length, pageSizes };
}
