/**
 * Reading flow files: format by flag, else by extension (.csv; .json, .jsonl, .ndjson),
 * else by the first character (`{` is Hubble); gzip (by magic bytes) is decompressed.
 */
import { gunzipSync } from 'node:zlib';
import { parseFlowCsv } from './csv.js';
import { parseHubble } from './hubble.js';
import type { FlowFormat, FlowParse } from './types.js';

export { CSV_COLUMNS, parseFlowCsv } from './csv.js';
export { parseHubble } from './hubble.js';
export {
  endpointKey,
  type ObservedConnection,
  type Resolution,
  type ResolvedEndpoint,
  resolveFlows,
} from './resolve.js';
export * from './types.js';

export function detectFlowFormat(file: string, text: string): FlowFormat {
  const lower = file.toLowerCase().replace(/\.gz$/, '');
  if (lower.endsWith('.csv')) return 'csv';
  if (/\.(json|jsonl|ndjson)$/.test(lower)) return 'hubble';
  const first = text.replace(/^\uFEFF/, '').trimStart()[0];
  return first === '{' ? 'hubble' : 'csv';
}

/** Bytes of a flow file as text (gunzipped when gzip). Throws on corrupt gzip. */
export function flowText(bytes: Uint8Array): string {
  const data = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
  return new TextDecoder('utf-8').decode(data);
}

export function parseFlows(text: string, file: string, format: FlowFormat): FlowParse {
  return format === 'csv' ? parseFlowCsv(text, file) : parseHubble(text, file);
}

/** Merges the parses of several files. */
export function mergeParses(parses: readonly FlowParse[]): FlowParse {
  const skipped: Record<string, number> = {};
  for (const p of parses) for (const [k, v] of Object.entries(p.skipped)) skipped[k] = (skipped[k] ?? 0) + v;
  return {
    flows: parses.flatMap((p) => p.flows),
    problems: parses.flatMap((p) => p.problems),
    records: parses.reduce((n, p) => n + p.records, 0),
    skipped,
  };
}
