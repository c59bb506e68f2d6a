/**
 * The data collection rule the Logs Ingestion stand-in serves: its stream declarations as
 * infra/app/logsIngestion.bicep deploys them (each `'Custom-…': { columns: <var> }` and the
 * `var <name> = [ { name: …, type: … } ]` it points to). Read from the template, not from the
 * product's row builder, so a row the deployed rule would not accept fails here too.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

export type ColumnType = "string" | "int" | "long" | "real" | "boolean" | "datetime" | "dynamic";

export interface StreamColumn {
  name: string;
  type: ColumnType;
}

const TEMPLATE = path.resolve(import.meta.dirname, "../../infra/app/logsIngestion.bicep");

export function dcrStreamsFromTemplate(file = TEMPLATE): Record<string, StreamColumn[]> {
  const text = readFileSync(file, "utf8");
  const vars = new Map<string, StreamColumn[]>();
  for (const m of text.matchAll(/^var (\w+) = \[\n([\s\S]*?)\n\]/gm)) {
    const columns = [...m[2]!.matchAll(/\{ name: '(\w+)', type: '(\w+)' \}/g)].map(([, name, type]) => ({
      name: name!,
      type: type as ColumnType,
    }));
    if (columns.length) vars.set(m[1]!, columns);
  }
  const streams: Record<string, StreamColumn[]> = {};
  for (const m of text.matchAll(/'(Custom-\w+)': \{\s*columns: (\w+)\s*\}/g)) {
    const columns = vars.get(m[2]!);
    if (!columns) throw new Error(`${file}: stream ${m[1]} names columns ${m[2]}, which is not a column list`);
    streams[m[1]!] = columns;
  }
  if (Object.keys(streams).length === 0) throw new Error(`${file}: no stream declarations found`);
  return streams;
}
