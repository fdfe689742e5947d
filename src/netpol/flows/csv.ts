/**
 * Flows as CSV (RFC 4180: comma-separated, fields optionally double-quoted, `""` for a
 * quote inside a quoted field, quoted fields may span lines), with a header line naming
 * the columns, in any order:
 *
 *   src_namespace,src_workload,dst_namespace,dst_workload_or_cidr,port,protocol
 *
 * - a workload is `name`, `Kind/name` or `name[Kind]` in its namespace;
 * - `dst_workload_or_cidr` may instead be an IPv4 address or CIDR (then dst_namespace
 *   is ignored), and so may `src_workload` when `src_namespace` is empty (traffic from
 *   outside the cluster);
 * - `port` is 1-65535; `protocol` TCP, UDP or SCTP (any case; empty means TCP).
 *
 * Blank lines and lines starting with `#` are ignored. Extra columns are ignored. A row
 * with a different number of fields than the header, an unknown protocol, a bad port
 * or a missing field is a problem (file:line) and the rest is read.
 */
import { parseCidr, parseIPv4 } from '../ip.js';
import { isProtocol } from '../ports.js';
import type { FlowEndpoint, FlowParse, FlowProblem, ObservedFlow } from './types.js';

export const CSV_COLUMNS = [
  'src_namespace',
  'src_workload',
  'dst_namespace',
  'dst_workload_or_cidr',
  'port',
  'protocol',
] as const;

interface Row {
  fields: string[];
  line: number;
  error?: string;
}

/** Splits CSV text into rows of fields, tracking the line each row starts on. */
export function csvRows(text: string): Row[] {
  const rows: Row[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < text.length) {
    const startLine = line;
    // Comments and blank lines (outside quotes, at a row start).
    const nl = text.indexOf('\n', i);
    const lineEnd = nl < 0 ? text.length : nl;
    if (text[i] === '#' || text.slice(i, lineEnd).trim() === '') {
      i = lineEnd + 1;
      line++;
      continue;
    }
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    let error: string | undefined;
    let fieldStart = true;
    for (; i < text.length; i++) {
      const c = text[i]!;
      if (quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i++;
          } else quoted = false;
        } else {
          if (c === '\n') line++;
          field += c;
        }
        continue;
      }
      if (c === '"' && fieldStart) {
        quoted = true;
        fieldStart = false;
        continue;
      }
      if (c === ',') {
        fields.push(field);
        field = '';
        fieldStart = true;
        continue;
      }
      if (c === '\n' || c === '\r') {
        if (c === '\r' && text[i + 1] === '\n') i++;
        i++;
        line++;
        break;
      }
      if (c === '"') error ??= 'a quote inside an unquoted field';
      field += c;
      fieldStart = false;
    }
    if (quoted) error = 'a quoted field is not closed';
    fields.push(field);
    rows.push({ fields, line: startLine, ...(error ? { error } : {}) });
  }
  return rows;
}

function workloadRef(s: string): { name: string; kind?: string } {
  const bracket = /^(.+)\[([A-Za-z]+)\]$/.exec(s);
  if (bracket) return { name: bracket[1]!, kind: bracket[2]! };
  const slash = s.indexOf('/');
  if (slash > 0) return { name: s.slice(slash + 1), kind: s.slice(0, slash) };
  return { name: s };
}

/** An IPv4 address or CIDR as a range, or undefined. */
function ipRange(s: string): [number, number] | undefined {
  if (s.includes('/')) {
    const c = parseCidr(s);
    return c.ok && c.family === 4 ? [c.first, c.last] : undefined;
  }
  const n = parseIPv4(s);
  return n === undefined ? undefined : [n, n];
}

/** Parses a CSV flow file; never throws. */
export function parseFlowCsv(text: string, file: string): FlowParse {
  const flows: ObservedFlow[] = [];
  const problems: FlowProblem[] = [];
  const rows = csvRows(text);
  const header = rows.shift();
  if (!header)
    return {
      flows,
      problems: [{ file, line: 1, message: 'empty CSV file (expected a header line)' }],
      records: 0,
      skipped: {},
    };
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const missing = CSV_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length > 0)
    return {
      flows,
      problems: [
        {
          file,
          line: header.line,
          message: `the header line must name the columns ${CSV_COLUMNS.join(',')}; missing: ${missing.join(', ')}`,
        },
      ],
      records: rows.length,
      skipped: {},
    };
  const col = Object.fromEntries(CSV_COLUMNS.map((c) => [c, names.indexOf(c)])) as Record<
    (typeof CSV_COLUMNS)[number],
    number
  >;
  for (const row of rows) {
    const problem = (message: string) => problems.push({ file, line: row.line, message });
    if (row.error) {
      problem(row.error);
      continue;
    }
    if (row.fields.length !== names.length) {
      problem(`${row.fields.length} fields where the header has ${names.length}`);
      continue;
    }
    const f = (c: (typeof CSV_COLUMNS)[number]) => row.fields[col[c]]!.trim();
    const portText = f('port');
    if (!/^[0-9]+$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) {
      problem(`port ${JSON.stringify(portText)} is not a number in 1-65535`);
      continue;
    }
    const protocol = (f('protocol') || 'TCP').toUpperCase();
    if (!isProtocol(protocol)) {
      problem(`protocol ${JSON.stringify(f('protocol'))} is not TCP, UDP or SCTP`);
      continue;
    }
    const endpoint = (
      nsCol: 'src_namespace' | 'dst_namespace',
      wCol: 'src_workload' | 'dst_workload_or_cidr',
      role: string,
    ): FlowEndpoint | string => {
      const ns = f(nsCol);
      const w = f(wCol);
      if (w === '') return `${wCol} is empty`;
      const range = ipRange(w);
      if (range && (wCol === 'dst_workload_or_cidr' || ns === ''))
        return { kind: 'ip', first: range[0], last: range[1] };
      if (/^[0-9.:/]+$/.test(w) && w.includes('.') && !range)
        return `${role} ${JSON.stringify(w)} is not a valid IPv4 address or CIDR`;
      if (ns === '') return `${nsCol} is empty (a workload needs its namespace)`;
      return { kind: 'pod', namespace: ns, workload: workloadRef(w), labels: {} };
    };
    const src = endpoint('src_namespace', 'src_workload', 'source');
    const dst = endpoint('dst_namespace', 'dst_workload_or_cidr', 'destination');
    if (typeof src === 'string' || typeof dst === 'string') {
      problem((typeof src === 'string' ? src : dst) as string);
      continue;
    }
    flows.push({ src, dst, protocol, port: Number(portText), location: { file, line: row.line } });
  }
  return { flows, problems, records: rows.length, skipped: {} };
}
