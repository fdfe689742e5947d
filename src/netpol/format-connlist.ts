/**
 * Connectivity lists in the reference analyzer's formats (txt, json, csv, md, dot),
 * byte for byte: the same sorting (source, then destination name), the same notation
 * for connections and peers, the same graph attributes.
 *
 * Formatters take rows of (src, dst, conn) strings so that diff, exposure and
 * callers with their own rows can share them.
 */
import type { Connectivity } from './connectivity.js';
import { formatConn } from './ports.js';
import type { WorkloadPeer } from './workloads.js';

export const CONNLIST_FORMATS = ['txt', 'json', 'csv', 'md', 'dot'] as const;
export type ConnlistFormat = (typeof CONNLIST_FORMATS)[number];

export interface ConnRow {
  readonly src: string;
  readonly dst: string;
  readonly conn: string;
}

/** The rows of a connectivity result, sorted as the reference prints them. */
export function connlistRows(result: Connectivity): ConnRow[] {
  const rows: ConnRow[] = [];
  const names = new Map<number, string>();
  result.forEach((src, dst, id) => {
    let conn = names.get(id);
    if (conn === undefined) {
      conn = formatConn(result.table.get(id));
      names.set(id, conn);
    }
    rows.push({ src: src.display, dst: dst.display, conn });
  });
  return rows;
}

export function formatTxt(rows: readonly ConnRow[]): string {
  let out = '';
  for (const r of rows) out += `${r.src} => ${r.dst} : ${r.conn}\n`;
  return out;
}

export function formatJson(rows: readonly ConnRow[]): string {
  if (rows.length === 0) return '[]';
  const items = rows.map(
    (r) =>
      `  {\n    "src": ${JSON.stringify(r.src)},\n    "dst": ${JSON.stringify(r.dst)},\n    "conn": ${JSON.stringify(r.conn)}\n  }`,
  );
  return `[\n${items.join(',\n')}\n]`;
}

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function formatCsv(rows: readonly ConnRow[]): string {
  let out = 'src,dst,conn\n';
  for (const r of rows) out += `${csvField(r.src)},${csvField(r.dst)},${csvField(r.conn)}\n`;
  return out;
}

export function formatMd(rows: readonly ConnRow[]): string {
  let out = '| src | dst | conn |\n|-----|-----|------|\n';
  for (const r of rows) out += `| ${r.src} | ${r.dst} | ${r.conn} |\n`;
  return out;
}

const q = (s: string) => JSON.stringify(s);

/**
 * Graphviz: one cluster per namespace holding its workloads (every workload, connected
 * or not), then the external ranges and the ingress controller that appear in a
 * connection, then the edges. An edge whose source sorts before its destination gets
 * weight 0.5, the others 1, as the reference draws them.
 */
export function formatDot(rows: readonly ConnRow[], workloads: readonly WorkloadPeer[]): string {
  const lines: string[] = ['digraph {'];
  const byNs = new Map<string, WorkloadPeer[]>();
  for (const w of workloads) {
    const list = byNs.get(w.namespace);
    if (list) list.push(w);
    else byNs.set(w.namespace, [w]);
  }
  const workloadNames = new Set(workloads.map((w) => w.display));
  for (const ns of [...byNs.keys()].sort()) {
    lines.push(
      `\tsubgraph ${q(`cluster_${ns.replace(/-/g, '_')}[namespace]`)} {`,
      '\t\tcolor="black"',
      '\t\tfontcolor="black"',
    );
    const members = byNs
      .get(ns)!
      .slice()
      .sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0));
    for (const w of members) {
      const label = w.display.slice(ns.length + 1);
      lines.push(`\t\t${q(w.display)} [label=${q(label)} color="blue" fontcolor="blue"]`);
    }
    lines.push(`\t\tlabel=${q(`${ns}[namespace]`)}`, '\t}');
  }
  const others = new Set<string>();
  for (const r of rows) {
    if (!workloadNames.has(r.src)) others.add(r.src);
    if (!workloadNames.has(r.dst)) others.add(r.dst);
  }
  for (const o of [...others].sort()) {
    const colour = o.endsWith('[External]') ? 'red2' : 'blue';
    lines.push(`\t${q(o)} [label=${q(o)} color=${q(colour)} fontcolor=${q(colour)}]`);
  }
  for (const r of rows) {
    const weight = r.src < r.dst ? '0.5' : '1';
    lines.push(
      `\t${q(r.src)} -> ${q(r.dst)} [label=${q(r.conn)} color="gold2" fontcolor="darkgreen" weight=${weight}]`,
    );
  }
  lines.push('}');
  return lines.join('\n');
}

export function formatConnlist(
  rows: readonly ConnRow[],
  format: ConnlistFormat,
  workloads: readonly WorkloadPeer[],
): string {
  switch (format) {
    case 'txt':
      return formatTxt(rows);
    case 'json':
      return formatJson(rows);
    case 'csv':
      return formatCsv(rows);
    case 'md':
      return formatMd(rows);
    case 'dot':
      return formatDot(rows, workloads);
  }
}

const CHUNK = 1 << 20;

/**
 * Writes a connectivity result in a format without building the whole text: large
 * clusters produce millions of lines. The bytes are those of formatConnlist.
 */
export function streamConnlist(
  result: Connectivity,
  format: ConnlistFormat,
  write: (chunk: string) => void,
): void {
  if (format === 'dot') {
    write(formatDot(connlistRows(result), result.model.workloads));
    return;
  }
  const names = new Map<number, string>();
  let buf =
    format === 'csv'
      ? 'src,dst,conn\n'
      : format === 'md'
        ? '| src | dst | conn |\n|-----|-----|------|\n'
        : '';
  let first = true;
  result.forEach((src, dst, id) => {
    let conn = names.get(id);
    if (conn === undefined) {
      conn = formatConn(result.table.get(id));
      names.set(id, conn);
    }
    const r = { src: src.display, dst: dst.display, conn };
    switch (format) {
      case 'txt':
        buf += `${r.src} => ${r.dst} : ${r.conn}\n`;
        break;
      case 'csv':
        buf += `${csvField(r.src)},${csvField(r.dst)},${csvField(r.conn)}\n`;
        break;
      case 'md':
        buf += `| ${r.src} | ${r.dst} | ${r.conn} |\n`;
        break;
      case 'json':
        buf += `${first ? '[\n' : ',\n'}  {\n    "src": ${JSON.stringify(r.src)},\n    "dst": ${JSON.stringify(r.dst)},\n    "conn": ${JSON.stringify(r.conn)}\n  }`;
        break;
    }
    first = false;
    if (buf.length > CHUNK) {
      write(buf);
      buf = '';
    }
  });
  if (format === 'json') buf += first ? '[]' : '\n]';
  write(buf);
}
