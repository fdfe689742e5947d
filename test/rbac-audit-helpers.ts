/** Shared builders for the rbac-audit tests: events, in-memory sources, collections. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type AuditCollection, collectAuditLogs } from '../src/rbac/audit/collect.js';
import type { AuditSource } from '../src/rbac/audit/source.js';

export const FIXTURES = join(import.meta.dirname, 'fixtures', 'audit');
export const fixture = (name: string): Buffer => readFileSync(join(FIXTURES, name));

export const SA_GROUPS = (ns: string) => [
  'system:serviceaccounts',
  `system:serviceaccounts:${ns}`,
  'system:authenticated',
];

let seq = 0;

export interface EventSpec {
  verb: string;
  /** user name; a service account as sa:NS:NAME */
  user?: string;
  groups?: string[];
  uri?: string;
  group?: string;
  resource?: string;
  sub?: string;
  ns?: string;
  name?: string;
  code?: number;
  decision?: 'allow' | 'forbid' | null;
  stage?: string;
  auditID?: string;
  impersonated?: { username: string; groups?: string[]; uid?: string; extra?: Record<string, string[]> };
  message?: string;
  ts?: string;
}

/** An audit.k8s.io/v1 Event, Metadata level, as the API server writes it. */
export function ev(s: EventSpec): Record<string, unknown> {
  seq++;
  const sa = s.user?.startsWith('sa:') ? s.user.split(':') : undefined;
  const username = sa ? `system:serviceaccount:${sa[1]}:${sa[2]}` : (s.user ?? 'alice');
  const groups = s.groups ?? (sa ? SA_GROUPS(sa[1]!) : ['system:authenticated']);
  const e: Record<string, unknown> = {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: s.auditID ?? `id-${seq}`,
    stage: s.stage ?? 'ResponseComplete',
    requestURI: s.uri ?? defaultUri(s),
    verb: s.verb,
    user: { username, groups },
    sourceIPs: ['10.1.2.3'],
  };
  if (s.resource) {
    const ref: Record<string, string> = {
      resource: s.resource,
      apiVersion: s.group ? `${s.group}/v1` : 'v1',
    };
    if (s.group) ref.apiGroup = s.group;
    if (s.ns) ref.namespace = s.ns;
    if (s.name) ref.name = s.name;
    if (s.sub) ref.subresource = s.sub;
    e.objectRef = ref;
  }
  if (s.impersonated) e.impersonatedUser = s.impersonated;
  const code = s.code ?? (s.decision === 'forbid' ? 403 : 200);
  if (e.stage !== 'RequestReceived') {
    e.responseStatus = { metadata: {}, code, ...(s.message ? { message: s.message } : {}) };
    const decision = s.decision === undefined ? (code === 403 ? 'forbid' : 'allow') : s.decision;
    if (decision)
      e.annotations = { 'authorization.k8s.io/decision': decision, 'authorization.k8s.io/reason': '' };
  }
  const ts = s.ts ?? `2024-05-01T10:00:${String(seq % 60).padStart(2, '0')}.000000Z`;
  e.requestReceivedTimestamp = ts;
  e.stageTimestamp = ts;
  return e;
}

function defaultUri(s: EventSpec): string {
  if (!s.resource) return '/healthz';
  const base = s.group ? `/apis/${s.group}/v1` : '/api/v1';
  let p = base;
  if (s.ns) p += `/namespaces/${s.ns}`;
  p += `/${s.resource}`;
  if (s.name && !(s.verb === 'create' && !s.sub)) p += `/${s.name}`;
  if (s.sub) p += `/${s.sub}`;
  return p;
}

export const jsonl = (events: readonly unknown[]): string =>
  events.map((e) => `${JSON.stringify(e)}\n`).join('');

/** An in-memory source, cut into chunks of `chunk` bytes (to exercise every boundary). */
export function memorySource(name: string, data: string | Uint8Array, chunk = 64 * 1024): AuditSource {
  const bytes = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data);
  return {
    name,
    reopenable: true,
    open: async function* () {
      for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
    },
  };
}

export const gz = (data: string | Uint8Array): Buffer =>
  gzipSync(typeof data === 'string' ? Buffer.from(data) : data);

export function collectText(
  data: string | Uint8Array,
  options: Parameters<typeof collectAuditLogs>[1] = {},
  chunk?: number,
): Promise<AuditCollection> {
  return collectAuditLogs([memorySource('test.log', data, chunk)], options);
}

export function collectEvents(
  events: readonly unknown[],
  options: Parameters<typeof collectAuditLogs>[1] = {},
): Promise<AuditCollection> {
  return collectText(jsonl(events), options);
}

/** identity name → sorted request descriptions with counts, for exact comparisons. */
export function usageTable(c: AuditCollection): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const id of c.identities.values()) {
    out[id.user.name] ??= [];
    const rows = out[id.user.name]!;
    for (const u of id.requests.values()) {
      const r = u.request;
      const what =
        r.kind === 'resource'
          ? `${r.verb} ${r.apiGroup}/${r.resource}${r.subresource ? `/${r.subresource}` : ''} ns=${r.namespace} name=${r.name}`
          : `${r.verb} ${r.path}`;
      rows.push(`${what} a=${u.allowed} d=${u.denied} u=${u.undetermined}`);
    }
    rows.sort();
  }
  return out;
}
