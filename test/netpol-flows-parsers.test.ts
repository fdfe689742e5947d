/**
 * Flow readers: Hubble exports and CSV, case by case (what is used, skipped, or a
 * problem with its line), and property tests (records written from random flows read
 * back as the same flows; arbitrary bytes never throw and every non-empty record is
 * accounted for).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvRows, parseFlowCsv } from '../src/netpol/flows/csv.js';
import { parseHubble } from '../src/netpol/flows/hubble.js';
import { detectFlowFormat, flowText } from '../src/netpol/flows/index.js';
import type { FlowEndpoint, ObservedFlow } from '../src/netpol/flows/types.js';
import { formatIPv4, parseIPv4 } from '../src/netpol/ip.js';

const FIXTURES = join(__dirname, 'fixtures/flows');

/** A compact text form of a flow, for exact expectations. */
function show(f: ObservedFlow): string {
  const ep = (e: FlowEndpoint) =>
    e.kind === 'ip'
      ? `${e.first === e.last ? formatIPv4(e.first) : `${formatIPv4(e.first)}-${formatIPv4(e.last)}`}${e.reserved ? `(${e.reserved})` : ''}${e.names ? `[${e.names.join(',')}]` : ''}`
      : `${e.namespace}/${e.workload ? `${e.workload.kind ? `${e.workload.kind}/` : ''}${e.workload.name}` : (e.podName ?? '?')}{${Object.entries(
          e.labels,
        )
          .map(([k, v]) => `${k}=${v}`)
          .join(',')}}`;
  return `${ep(f.src)} -> ${ep(f.dst)} ${f.protocol}/${f.port} @${f.location.line}`;
}

const line = (flow: Record<string, unknown>) =>
  JSON.stringify({ flow, node_name: 'n1', time: '2026-11-27T09:00:00Z' });
const pod = (ns: string, labels: string[], extra: Record<string, unknown> = {}) => ({
  namespace: ns,
  labels,
  ...extra,
});
const tcp = (port: number, flags?: Record<string, boolean>) => ({
  TCP: { source_port: 40000, destination_port: port, ...(flags ? { flags } : {}) },
});

describe('Hubble records, one by one', () => {
  const base = {
    verdict: 'FORWARDED',
    IP: { source: '10.0.0.1', destination: '10.0.0.2', ipVersion: 'IPv4' },
    l4: tcp(8080, { SYN: true }),
    source: pod(
      'shop',
      ['k8s:app=web', 'k8s:io.kubernetes.pod.namespace=shop', 'k8s:pod-template-hash=abc12'],
      {
        pod_name: 'web-abc12-xyz12',
        workloads: [{ name: 'web', kind: 'Deployment' }],
      },
    ),
    destination: pod('shop', [
      'k8s:app.kubernetes.io/name=api',
      'k8s:io.cilium.k8s.policy.serviceaccount=api',
    ]),
    traffic_direction: 'EGRESS',
    is_reply: false,
  };
  const cases: Array<[string, Record<string, unknown>, string | { skip: string } | { problem: string }]> = [
    [
      'a forwarded SYN: labels without source prefix, noise and namespace labels dropped',
      base,
      'shop/Deployment/web{app=web} -> shop/?{app.kubernetes.io/name=api} TCP/8080 @1',
    ],
    ['is_reply true', { ...base, is_reply: true }, { skip: 'reply' }],
    ['is_reply as a BoolValue wrapper', { ...base, is_reply: { value: true } }, { skip: 'reply' }],
    ['camelCase isReply', { ...base, is_reply: undefined, isReply: true }, { skip: 'reply' }],
    [
      'no is_reply, SYN+ACK: a reply',
      { ...base, is_reply: undefined, l4: tcp(8080, { SYN: true, ACK: true }) },
      { skip: 'reply or mid-connection (no is_reply and not a SYN)' },
    ],
    [
      'no is_reply, no TCP flags: taken as a request',
      { ...base, is_reply: undefined, l4: tcp(8080) },
      'shop/Deployment/web{app=web} -> shop/?{app.kubernetes.io/name=api} TCP/8080 @1',
    ],
    ['DROPPED', { ...base, verdict: 'DROPPED' }, { skip: 'verdict DROPPED' }],
    ['numeric verdict 2 (DROPPED)', { ...base, verdict: 2 }, { skip: 'verdict DROPPED' }],
    ['TRANSLATED', { ...base, verdict: 'TRANSLATED' }, { skip: 'verdict TRANSLATED' }],
    [
      'AUDIT is used',
      { ...base, verdict: 'AUDIT' },
      'shop/Deployment/web{app=web} -> shop/?{app.kubernetes.io/name=api} TCP/8080 @1',
    ],
    [
      'numeric verdict 5 (REDIRECTED) is used',
      { ...base, verdict: 5 },
      'shop/Deployment/web{app=web} -> shop/?{app.kubernetes.io/name=api} TCP/8080 @1',
    ],
    ['unknown verdict', { ...base, verdict: 'PERHAPS' }, { problem: 'unknown verdict "PERHAPS"' }],
    ['no verdict', { ...base, verdict: undefined }, { problem: 'no verdict (VERDICT_UNKNOWN)' }],
    ['ICMP', { ...base, l4: { ICMPv4: { type: 8 } } }, { skip: 'ICMP (not expressible in a NetworkPolicy)' }],
    ['no L4', { ...base, l4: undefined }, { skip: 'no L4 (L7-only or non-IP record)' }],
    ['unknown L4', { ...base, l4: { QUIC: {} } }, { problem: 'unknown L4 protocol ["QUIC"]' }],
    [
      'port out of range',
      { ...base, l4: tcp(70000) },
      { problem: 'TCP destination port 70000 is not a number in 1-65535' },
    ],
    [
      'SCTP',
      { ...base, l4: { SCTP: { source_port: 1, destination_port: 3868 } } },
      'shop/Deployment/web{app=web} -> shop/?{app.kubernetes.io/name=api} SCTP/3868 @1',
    ],
    [
      'world destination with DNS names',
      {
        ...base,
        destination: { identity: 2, labels: ['reserved:world'] },
        IP: { source: '10.0.0.1', destination: '93.184.216.34' },
        destination_names: ['example.com'],
      },
      'shop/Deployment/web{app=web} -> 93.184.216.34(world)[example.com] TCP/8080 @1',
    ],
    [
      'world identity by number only',
      { ...base, destination: { identity: 2 }, IP: { source: '10.0.0.1', destination: '1.1.1.1' } },
      'shop/Deployment/web{app=web} -> 1.1.1.1(world) TCP/8080 @1',
    ],
    [
      'remote-node source',
      {
        ...base,
        source: { labels: ['reserved:remote-node'] },
        IP: { source: '10.0.1.5', destination: '10.0.0.2' },
      },
      '10.0.1.5(remote-node) -> shop/?{app.kubernetes.io/name=api} TCP/8080 @1',
    ],
    [
      'kube-apiserver destination',
      {
        ...base,
        destination: { identity: 7, labels: ['reserved:kube-apiserver'] },
        IP: { source: '10.0.0.1', destination: '172.20.0.1' },
      },
      'shop/Deployment/web{app=web} -> 172.20.0.1(kube-apiserver) TCP/8080 @1',
    ],
    ['health', { ...base, source: { labels: ['reserved:health'] } }, { skip: 'cilium-health probes' }],
    [
      'init',
      { ...base, destination: { identity: 5 } },
      { skip: 'identity not yet resolved (reserved:init)' },
    ],
    [
      'IPv6 world',
      {
        ...base,
        destination: { labels: ['reserved:world-ipv6'] },
        IP: { source: 'fd00::1', destination: '2001:db8::1' },
      },
      { skip: 'IPv6 (not modelled)' },
    ],
    [
      'world without an address',
      { ...base, destination: { labels: ['reserved:world'] }, IP: undefined },
      { problem: 'the destination (reserved:world) has no IP address' },
    ],
    [
      'an endpoint with nothing',
      { ...base, source: {}, IP: undefined },
      { problem: 'the source has no namespace, identity or IP address' },
    ],
    [
      'namespace from the io.kubernetes.pod.namespace label',
      { ...base, destination: { labels: ['k8s:io.kubernetes.pod.namespace=pay', 'k8s:app=db'] } },
      'shop/Deployment/web{app=web} -> pay/?{app=db} TCP/8080 @1',
    ],
  ];
  it.each(cases)('%s', (_name, flow, expected) => {
    const r = parseHubble(`${line(flow)}\n`, 'f.jsonl');
    expect(r.records).toBe(1);
    if (typeof expected === 'string') {
      expect(r.problems).toEqual([]);
      expect(r.flows.map(show)).toEqual([expected]);
    } else if ('skip' in expected) {
      expect(r.flows).toEqual([]);
      expect(r.problems).toEqual([]);
      expect(r.skipped).toEqual({ [expected.skip]: 1 });
    } else {
      expect(r.flows).toEqual([]);
      expect(r.problems).toEqual([{ file: 'f.jsonl', line: 1, message: expected.problem }]);
    }
  });

  it('a mixed file: every line accounted for, problems with their line, the rest used', () => {
    const r = parseHubble(readFileSync(join(FIXTURES, 'mixed-hubble.jsonl'), 'utf8'), 'mixed-hubble.jsonl');
    expect(r.records).toBe(11);
    expect(r.flows.map(show)).toEqual([
      'shop/web-1{app=web} -> shop/api-1{app=api} TCP/8080 @1',
      'shop/?{app=web} -> 93.184.216.34(world)[example.com] TCP/443 @11',
    ]);
    expect(r.problems.map((p) => `${p.line}: ${p.message}`)).toEqual([
      expect.stringMatching(/^2: not JSON \(/),
      '3: not a JSON object',
      '5: unknown verdict "MAYBE"',
      '6: no verdict (VERDICT_UNKNOWN)',
      '8: TCP destination port "http" is not a number in 1-65535',
      '9: the source has no namespace, identity or IP address',
    ]);
    expect(r.skipped).toEqual({
      'not a flow (node, agent, debug or lost-events record)': 1,
      'verdict DROPPED': 1,
      'reply or mid-connection (no is_reply and not a SYN)': 1,
    });
  });

  it('CRLF line ends, a BOM and a last line without newline', () => {
    const text = `\uFEFF${line({ verdict: 'FORWARDED', l4: tcp(80), source: pod('a', []), destination: pod('b', []) })}\r\n\r\n${line({ verdict: 'FORWARDED', l4: tcp(81), source: pod('a', []), destination: pod('b', []) })}`;
    const r = parseHubble(text, 'f');
    expect(r.problems).toEqual([]);
    expect(r.flows.map(show)).toEqual(['a/?{} -> b/?{} TCP/80 @1', 'a/?{} -> b/?{} TCP/81 @3']);
  });
});

describe('CSV', () => {
  it('splits RFC 4180 rows: quotes, doubled quotes, commas and newlines inside quotes, CRLF', () => {
    expect(
      csvRows('a,"b,c","d""e"\r\n"multi\nline",x\n\n# comment\n  \nlast').map((r) => [r.line, r.fields]),
    ).toEqual([
      [1, ['a', 'b,c', 'd"e']],
      [2, ['multi\nline', 'x']],
      [7, ['last']],
    ]);
    expect(csvRows('a,b"c\n"open,x').map((r) => [r.line, r.error])).toEqual([
      [1, 'a quote inside an unquoted field'],
      [2, 'a quoted field is not closed'],
    ]);
  });

  it('reads a file with bad rows: problems with their line, the rest used', () => {
    const r = parseFlowCsv(readFileSync(join(FIXTURES, 'bad.csv'), 'utf8'), 'bad.csv');
    expect(r.records).toBe(7);
    expect(r.flows.map(show)).toEqual([
      'shop/web{} -> shop/api{} TCP/8080 @2',
      'shop/we"b{} -> shop/api{} UDP/9090 @6',
    ]);
    expect(r.problems.map((p) => `${p.line}: ${p.message}`)).toEqual([
      '3: 5 fields where the header has 6',
      '4: port "http" is not a number in 1-65535',
      '5: protocol "ICMP" is not TCP, UDP or SCTP',
      '7: destination "10.0.0.0/33" is not a valid IPv4 address or CIDR',
      '8: a quoted field is not closed',
    ]);
  });

  it('columns in any order, extra columns ignored, addresses and kinds', () => {
    const r = parseFlowCsv(
      'protocol,port,dst_workload_or_cidr,dst_namespace,src_workload,src_namespace,note\n' +
        'udp,53,kube-dns,kube-system,Deployment/web,shop,dns\n' +
        ',443,10.1.0.0/16,ignored,web[StatefulSet],shop,\n' +
        'SCTP,3868,diameter,core,203.0.113.7,,from outside\n',
      'f.csv',
    );
    expect(r.problems).toEqual([]);
    expect(r.flows.map(show)).toEqual([
      'shop/Deployment/web{} -> kube-system/kube-dns{} UDP/53 @2',
      'shop/StatefulSet/web{} -> 10.1.0.0-10.1.255.255 TCP/443 @3',
      '203.0.113.7 -> core/diameter{} SCTP/3868 @4',
    ]);
  });

  it('a header without the required columns is one problem, and nothing is read', () => {
    const r = parseFlowCsv(readFileSync(join(FIXTURES, 'wrong-header.csv'), 'utf8'), 'wrong-header.csv');
    expect(r.flows).toEqual([]);
    expect(r.problems).toEqual([
      {
        file: 'wrong-header.csv',
        line: 1,
        message:
          'the header line must name the columns src_namespace,src_workload,dst_namespace,dst_workload_or_cidr,port,protocol; missing: src_namespace, src_workload, dst_namespace, dst_workload_or_cidr, port, protocol',
      },
    ]);
    expect(parseFlowCsv('', 'e.csv').problems).toEqual([
      { file: 'e.csv', line: 1, message: 'empty CSV file (expected a header line)' },
    ]);
  });
});

describe('format detection and gzip', () => {
  it.each([
    ['f.csv', '{', 'csv'],
    ['f.jsonl', 'a,b', 'hubble'],
    ['f.json.gz', '', 'hubble'],
    ['flows', '  {"flow":{}}', 'hubble'],
    ['flows', 'src_namespace,src_workload', 'csv'],
  ] as const)('%s starting with %j is %s', (file, text, format) => {
    expect(detectFlowFormat(file, text)).toBe(format);
  });
  it('decompresses gzip by its magic bytes', async () => {
    const { gzipSync } = await import('node:zlib');
    expect(flowText(gzipSync(Buffer.from('hello\n')))).toBe('hello\n');
    expect(flowText(Buffer.from('plain'))).toBe('plain');
  });
});

// --- properties ------------------------------------------------------------------------

const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/);
const labelKey = fc.constantFrom('app', 'app.kubernetes.io/name', 'tier', 'team');
const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.'));
const endpoint: fc.Arbitrary<FlowEndpoint> = fc.oneof(
  fc
    .record({
      ns: name,
      labels: fc.dictionary(labelKey, name, { maxKeys: 3 }),
      wl: fc.option(name, { nil: undefined }),
    })
    .map(
      ({ ns, labels, wl }): FlowEndpoint => ({
        kind: 'pod',
        namespace: ns,
        labels,
        ...(wl ? { workload: { name: wl, kind: 'Deployment' } } : {}),
      }),
    ),
  fc.record({ ip: ipv4, reserved: fc.constantFrom('world', 'remote-node', 'kube-apiserver') }).map(
    ({ ip, reserved }): FlowEndpoint => ({
      kind: 'ip',
      first: parseIPv4(ip)!,
      last: parseIPv4(ip)!,
      reserved: reserved as 'world',
    }),
  ),
);
const flowArb = fc.record({
  src: endpoint,
  dst: endpoint,
  protocol: fc.constantFrom('TCP', 'UDP', 'SCTP' as const),
  port: fc.integer({ min: 1, max: 65535 }),
});

function hubbleEndpoint(e: FlowEndpoint): { endpoint: Record<string, unknown>; ip: string } {
  if (e.kind === 'ip') return { endpoint: { labels: [`reserved:${e.reserved}`] }, ip: formatIPv4(e.first) };
  return {
    endpoint: {
      namespace: e.namespace,
      labels: Object.entries(e.labels).map(([k, v]) => `k8s:${k}=${v}`),
      ...(e.workload ? { workloads: [{ name: e.workload.name, kind: e.workload.kind }] } : {}),
    },
    ip: '10.0.0.1',
  };
}

describe('properties', () => {
  it('Hubble: flows written as jsonpb lines read back as the same flows, in order', () => {
    fc.assert(
      fc.property(fc.array(flowArb, { maxLength: 15 }), (flows) => {
        const text = flows
          .map((f) => {
            const s = hubbleEndpoint(f.src);
            const d = hubbleEndpoint(f.dst);
            return line({
              verdict: 'FORWARDED',
              IP: { source: s.ip, destination: d.ip },
              l4: { [f.protocol]: { source_port: 1234, destination_port: f.port } },
              source: s.endpoint,
              destination: d.endpoint,
              is_reply: false,
            });
          })
          .join('\n');
        const r = parseHubble(text, 'p');
        expect(r.problems).toEqual([]);
        expect(r.flows.map(({ location, ...rest }) => rest)).toEqual(
          flows.map((f) => ({ ...f, src: normal(f.src), dst: normal(f.dst) })),
        );
        expect(r.flows.map((f) => f.location.line)).toEqual(flows.map((_, i) => i + 1));
      }),
      { numRuns: 200 },
    );
  });

  it('CSV: workloads with quotes and commas in names survive quoting', () => {
    const field = fc
      .string({ maxLength: 8 })
      .filter(
        (s) =>
          s.trim() === s && s !== '' && !s.includes('\r') && !/^[0-9.:/]+$/.test(s) && !s.startsWith('#'),
      );
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ a: field, b: field, c: field, d: field, port: fc.integer({ min: 1, max: 65535 }) }),
          { maxLength: 10 },
        ),
        (rows) => {
          const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
          const text = `${['src_namespace', 'src_workload', 'dst_namespace', 'dst_workload_or_cidr', 'port', 'protocol'].join(',')}\n${rows
            .map((r) => [q(r.a), q(r.b), q(r.c), q(r.d), String(r.port), 'TCP'].join(','))
            .join('\n')}\n`;
          const parsed = parseFlowCsv(text, 'p.csv');
          expect(parsed.problems).toEqual([]);
          expect(
            parsed.flows.map((f) => [
              f.src.kind === 'pod' && f.src.namespace,
              f.dst.kind === 'pod' && f.dst.namespace,
              f.port,
            ]),
          ).toEqual(rows.map((r) => [r.a, r.c, r.port]));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('arbitrary input never throws, and every non-empty record is used, skipped or a problem', () => {
    const junk = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.json().map((j) => j),
      flowArb.map((f) =>
        line({
          verdict: 'FORWARDED',
          l4: { [f.protocol]: { destination_port: f.port } },
          source: {},
          destination: {},
        }),
      ),
    );
    fc.assert(
      fc.property(fc.array(junk, { maxLength: 20 }), (lines) => {
        const text = lines.join('\n');
        const h = parseHubble(text, 'h');
        const nonEmpty = text
          .replace(/^\uFEFF/, '')
          .split('\n')
          .filter((l) => l.trim() !== '').length;
        expect(h.records).toBe(nonEmpty);
        expect(h.flows.length + h.problems.length + Object.values(h.skipped).reduce((a, b) => a + b, 0)).toBe(
          nonEmpty,
        );
        const c = parseFlowCsv(text, 'c');
        expect(c.flows.length + c.problems.length).toBeLessThanOrEqual(Math.max(1, c.records));
      }),
      { numRuns: 300 },
    );
  });
});

function normal(e: FlowEndpoint): FlowEndpoint {
  return e;
}
