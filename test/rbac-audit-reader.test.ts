/**
 * Reading audit logs: every layout and encoding gives the same events; bad input is
 * reported with file and line (or byte offset), counted, and the rest is read; no
 * request or response body ever reaches a problem message or the collection.
 */
import { constants, gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { collectAuditLogs } from '../src/rbac/audit/collect.js';
import { JsonValueStream } from '../src/rbac/audit/json-stream.js';
import type { AuditProblem } from '../src/rbac/audit/problems.js';
import type { AuditSource } from '../src/rbac/audit/source.js';
import { collectText, ev, fixture, gz, jsonl, memorySource, usageTable } from './rbac-audit-helpers.js';

const EVENTS = [
  ev({ verb: 'list', user: 'sa:shop:cart', resource: 'pods', ns: 'shop' }),
  ev({ verb: 'get', user: 'sa:shop:cart', resource: 'secrets', ns: 'shop', name: 'db', decision: 'forbid' }),
  ev({ verb: 'get', user: 'bob', uri: '/healthz?verbose=1' }),
  ev({
    verb: 'create',
    user: 'bob',
    resource: 'deployments',
    group: 'apps',
    ns: 'web',
    name: 'front',
    code: 201,
  }),
  ev({
    verb: 'watch',
    user: 'sa:shop:cart',
    resource: 'configmaps',
    ns: 'shop',
    uri: '/api/v1/namespaces/shop/configmaps?watch=1',
  }),
];

/** Strips kind/apiVersion, as EventList items usually are. */
const bare = (e: Record<string, unknown>) => {
  const { kind: _k, apiVersion: _a, ...rest } = e;
  return rest;
};

const LAYOUTS: Record<string, string> = {
  'JSON lines': jsonl(EVENTS),
  'JSON lines, CRLF and blank lines': `\n${jsonl(EVENTS).replace(/\n/g, '\r\n\r\n')}`,
  'JSON lines with a BOM and no final newline': `\ufeff${jsonl(EVENTS).trimEnd()}`,
  'one EventList per line': `${JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', items: EVENTS.slice(0, 2).map(bare) })}\n${JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', items: EVENTS.slice(2).map(bare) })}\n`,
  'pretty-printed EventList': JSON.stringify(
    { kind: 'EventList', apiVersion: 'audit.k8s.io/v1', metadata: {}, items: EVENTS.map(bare) },
    null,
    2,
  ),
  'pretty-printed EventList, items before kind, 4-space indent': JSON.stringify(
    { items: EVENTS.map(bare), kind: 'EventList', apiVersion: 'audit.k8s.io/v1' },
    null,
    4,
  ),
  'EventList with indent 0 (items in column 0)': JSON.stringify(
    { kind: 'EventList', items: EVENTS },
    null,
    '',
  ).replace(/,/g, ',\n'),
  'jq . of a JSON lines log (pretty events back to back)': EVENTS.map((e) => JSON.stringify(e, null, 2)).join(
    '\n',
  ),
  'a JSON array of events, pretty-printed': JSON.stringify(EVENTS, null, 2),
  'a v1 List of events': JSON.stringify({ kind: 'List', apiVersion: 'v1', items: EVENTS }),
  'mixed: lines, then a pretty EventList, then lines': `${jsonl(EVENTS.slice(0, 1))}${JSON.stringify({ kind: 'EventList', items: EVENTS.slice(1, 3) }, null, 2)}\n${jsonl(EVENTS.slice(3))}`,
};

describe('layouts and encodings give the same events', async () => {
  const reference = usageTable(await collectText(LAYOUTS['JSON lines']!));
  it('the reference reads every event', () => {
    expect(Object.values(reference).flat()).toHaveLength(5);
  });
  for (const [name, text] of Object.entries(LAYOUTS)) {
    for (const [how, data] of [
      ['plain', text],
      ['gzip', gz(text)],
    ] as const) {
      for (const chunk of [1, 7, 4096]) {
        it(`${name} (${how}, ${chunk}-byte chunks)`, async () => {
          const c = await collectText(data, {}, chunk);
          expect(c.problems).toEqual([]);
          expect(c.counts.events).toBe(5);
          expect(usageTable(c)).toEqual(reference);
        });
      }
    }
  }

  it('the EventList fixture (pretty-printed, 318 lines) equals the first lines of the JSON lines fixture', async () => {
    const list = await collectAuditLogs([memorySource('eventlist.json', fixture('eventlist.json'), 100)]);
    const lines = fixture('workload.jsonl').toString().split('\n').slice(0, 8).join('\n');
    const plain = await collectText(lines);
    expect(list.problems).toEqual([]);
    expect(list.counts.events).toBe(8);
    expect(usageTable(list)).toEqual(usageTable(plain));
  });

  it('the format is recognised by magic bytes, not the name', async () => {
    const c = await collectAuditLogs([memorySource('audit.log', gz(jsonl(EVENTS)))]);
    expect(c.files[0]).toMatchObject({ format: 'gzip', events: 5 });
    const d = await collectAuditLogs([memorySource('audit.log.gz', jsonl(EVENTS))]);
    expect(d.files[0]).toMatchObject({ format: 'text', events: 5 });
  });

  it('several gzip members (cat a.gz b.gz) are one log, without a problem', async () => {
    const data = Buffer.concat([gz(jsonl(EVENTS.slice(0, 2))), gz(jsonl(EVENTS.slice(2)))]);
    const c = await collectText(data);
    expect(c.problems).toEqual([]);
    expect(usageTable(c)).toEqual(reference);
  });
});

/** Values and problems out of a JsonValueStream fed with `text`. */
function scan(text: string, maxLineBytes?: number) {
  const values: Array<{ line: number; item?: number; v: unknown }> = [];
  const problems: AuditProblem[] = [];
  const s = new JsonValueStream(
    'f',
    (v, pos) => values.push({ line: pos.line, ...(pos.item !== undefined ? { item: pos.item } : {}), v }),
    (p) => problems.push(p),
    maxLineBytes,
  );
  s.push(Buffer.from(text));
  s.end();
  return {
    values,
    problems: problems.map((p) => `${p.code}@${p.line}${p.item !== undefined ? `#${p.item}` : ''}`),
    s,
  };
}

describe('bad lines and documents: reported by line, the rest read', () => {
  it.each([
    ['a line that is not JSON', '{"a":1}\nhello\n{"b":2}\n', [1, 3], ['not-json@2']],
    ['a line cut inside a string (a truncated last line)', '{"a":1}\n{"b":"xy', [1], ['not-json@2']],
    ['a line cut inside a string, then more lines', '{"a":"x\n{"b":2}\n', [2], ['not-json@1']],
    ['a line cut after a comma, then a good line', '{"a":1,\n{"b":2}\n', [2], ['not-json@1']],
    // The next line is read as the missing value; the one after it starts afresh.
    ['a line cut after a colon, then good lines', '{"a":\n{"b":2}\n{"c":3}\n', [3], ['not-json@1']],
    ['bad JSON complete on one line', '{"a":tru}\n{"b":2}\n', [2], ['not-json@1']],
    ['a stray closing bracket after a value', '{"a":1}}\n{"b":2}\n', [1, 2], ['not-json@1']],
    [
      'a broken pretty document: the skipped lines are reported too',
      '{\n  "a": [1,\n  }\n  "x": 1\n  "y": 2\n}\n{"b":2}\n',
      [7],
      ['not-json@1', 'not-json@4'],
    ],
    ['two values on one line', '{"a":1} {"b":2}\n', [1, 1], []],
    ['a scalar line', '42\n{"b":2}\n', [2], ['not-json@1']],
    [
      'a broken pretty document, then a good one in column 0',
      '{\n  "a": [1,\n  }\n  "x": 1\n}\n{"b":2}\n',
      [6],
      ['not-json@1', 'not-json@4'],
    ],
    ['a pretty document never closed', '{\n  "a": 1,\n', [], ['not-json@1']],
    [
      'a bad item inside an EventList: the others are read',
      '{"kind":"EventList","items":[\n{"a":1},\n{"a":tru},\n{"a":3}\n]}\n',
      [2, 4],
      ['not-json@3#1'],
    ],
  ])('%s', (_name, text, lines, problems) => {
    const r = scan(text);
    expect(r.values.map((v) => v.line)).toEqual(lines);
    expect(r.problems).toEqual(problems);
  });

  it('strings with escaped quotes and backslashes, across a pretty document', () => {
    const tricky = ['a\\"b', 'ends with \\', '\\\\"', '"', '\\', '{"not":"json"}', '] } , :', 'é\u2028'];
    const doc = JSON.stringify(
      { kind: 'EventList', items: tricky.map((t) => ({ name: t, more: [t, { t }] })) },
      null,
      2,
    );
    const r = scan(`${doc}\n`);
    expect(r.problems).toEqual([]);
    expect(r.values.map((v) => (v.v as { name: string }).name)).toEqual(tricky);
  });

  it('an overlong line is skipped and reported, the next one is read', () => {
    const r = scan(`{"a":"${'x'.repeat(500)}"}\n{"b":2}\n`, 100);
    expect(r.problems).toEqual(['too-large@1']);
    expect(r.values.map((v) => v.line)).toEqual([2]);
    expect(r.s.lines).toBe(2);
  });

  it('an overlong multi-line document is skipped and reported', () => {
    const item = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, i]));
    const big = JSON.stringify({ kind: 'EventList', items: [item, item] }, null, 2);
    const r = scan(`${big}\n{"b":2}\n`, 100);
    // The item outgrows the limit; the rest of the document is skipped (and said so).
    expect(r.problems[0]).toBe('too-large@1');
    expect(r.problems.slice(1).every((p) => p.startsWith('not-json@'))).toBe(true);
    expect(r.values.map((v) => v.line)).toEqual([big.split('\n').length + 1]);
  });

  it('wrong-shape events are reported with line and item, good ones read', async () => {
    const lines = [
      JSON.stringify(EVENTS[0]),
      JSON.stringify({ kind: 'Pod', apiVersion: 'v1', metadata: { name: 'x' } }),
      JSON.stringify({ ...EVENTS[1], verb: 7 }),
      JSON.stringify({ ...EVENTS[1], user: 'bob' }),
      JSON.stringify({ ...EVENTS[1], apiVersion: 'audit.k8s.io/v1alpha1' }),
      JSON.stringify({ ...EVENTS[1], objectRef: { namespace: 'x' } }),
      JSON.stringify({ kind: 'EventList', items: [EVENTS[2], { verb: 'get' }, EVENTS[3]] }),
      JSON.stringify({ ...EVENTS[1], responseStatus: { code: '403' } }),
      JSON.stringify({ ...EVENTS[1], user: { username: 'a', groups: 'dev' } }),
    ].join('\n');
    const c = await collectText(lines);
    expect(c.problems.map((p) => [p.line, p.item, p.code, p.message])).toEqual([
      [2, undefined, 'wrong-shape', 'not an audit Event (kind Pod)'],
      [3, undefined, 'wrong-shape', 'the event has no verb'],
      [4, undefined, 'wrong-shape', 'user is not an object'],
      [5, undefined, 'wrong-shape', 'not an audit.k8s.io/v1 Event (apiVersion audit.k8s.io/v1alpha1)'],
      [6, undefined, 'wrong-shape', 'objectRef has no resource'],
      [7, 1, 'wrong-shape', 'the event has no user'],
      [8, undefined, 'wrong-shape', 'responseStatus.code is not an integer'],
      [9, undefined, 'wrong-shape', 'user.groups is not a list'],
    ]);
    expect(c.counts.events).toBe(3);
    expect(c.counts.invalidEvents).toBe(8);
    expect(c.problemCount).toBe(8);
    expect(c.errorCount).toBe(0);
  });

  it('a core Event (kubectl get events -o json) is named as such', async () => {
    const c = await collectText(
      JSON.stringify({
        kind: 'List',
        apiVersion: 'v1',
        items: [{ kind: 'Event', apiVersion: 'v1', reason: 'Pulled' }],
      }),
    );
    expect(c.problems.map((p) => p.message)).toEqual([
      'a Kubernetes Event (kubectl get events), not an audit.k8s.io Event',
    ]);
  });

  it('the workload fixture reads without problems', async () => {
    const c = await collectAuditLogs([memorySource('workload.jsonl', fixture('workload.jsonl'))]);
    expect(c.problems).toEqual([]);
    // 27 events: a RequestReceived + ResponseComplete pair, a watch still open (RequestReceived +
    // ResponseStarted), 23 single events.
    expect(c.counts).toMatchObject({ events: 27, requests: 25, unauthenticated: 1 });
    expect(c.counts.stages).toEqual({ complete: 24, incomplete: 1, duplicates: 0, unknownStage: 0 });
  });
});

describe('gzip damage', () => {
  const many = Array.from({ length: 3000 }, (_, i) =>
    ev({ verb: 'get', user: `user-${i % 50}`, resource: 'configmaps', ns: `ns-${i % 7}`, name: `cm-${i}` }),
  );
  const text = jsonl(many);
  const whole = gzipSync(Buffer.from(text));

  it('a truncated gzip: an error with the byte offset, and every line before the cut is read', async () => {
    const cut = whole.subarray(0, Math.floor(whole.length * 0.6));
    const c = await collectText(cut);
    // Everything zlib can decompress from the prefix.
    const recoverable = gunzipSync(cut, { finishFlush: constants.Z_SYNC_FLUSH }).toString();
    const complete = recoverable.split('\n').length - 1;
    expect(c.counts.events).toBe(complete);
    expect(complete).toBeGreaterThan(1000);
    const codes = c.problems.map((p) => p.code);
    expect(codes).toEqual(['not-json', 'truncated-gzip']); // the cut line, then the file
    const t = c.problems[1]!;
    expect(t).toMatchObject({ severity: 'error', file: 'test.log', offset: cut.length });
    expect(c.problems[0]!.line).toBe(complete + 1);
    expect(c.errorCount).toBe(1);
  });

  it('a cut inside the 8-byte trailer is still a truncation', async () => {
    const c = await collectText(whole.subarray(0, whole.length - 3));
    expect(c.counts.events).toBe(3000);
    expect(c.problems.map((p) => p.code)).toEqual(['truncated-gzip']);
  });

  it('a truncated gzip from stdin (cannot be re-read) is a warning, every line read', async () => {
    const cut = whole.subarray(0, Math.floor(whole.length * 0.6));
    const src: AuditSource = { ...memorySource('<stdin>', cut), reopenable: false };
    const c = await collectAuditLogs([src]);
    expect(c.problems.map((p) => [p.code, p.severity])).toEqual([
      ['not-json', 'warning'],
      ['truncated-gzip', 'warning'],
    ]);
  });

  it('corrupt gzip data: an error, the lines before it are read', async () => {
    const bad = Buffer.from(whole);
    bad[Math.floor(bad.length / 2)]! ^= 0xff;
    const c = await collectText(bad);
    // deflate notices the damage late (at the CRC): the garbage decompressed in between
    // is reported line by line; the error is kept beyond the warning cap.
    expect(c.problemCounts['corrupt-gzip']).toBe(1);
    expect(c.problems.filter((p) => p.severity === 'error')).toMatchObject([
      { code: 'corrupt-gzip', file: 'test.log' },
    ]);
    expect(c.errorCount).toBe(1);
    expect(c.counts.events).toBeGreaterThan(1000);
  });

  it('unsupported compression and binary data are refused with one error', async () => {
    const zstd = await collectText(Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 1, 2, 3, 4]));
    expect(zstd.problems.map((p) => [p.code, p.message])).toEqual([
      [
        'unsupported-compression',
        'zstd-compressed data: kzt reads plain and gzip audit logs; decompress it first (or pipe it in with -)',
      ],
    ]);
    const bin = await collectText(Buffer.from([0x7b, 0x00, 0x01, 0x02, 0x0a, 0x7b]));
    expect(bin.problems.map((p) => p.code)).toEqual(['binary']);
  });

  it('a missing file is an error naming it; the other logs are read', async () => {
    const missing: AuditSource = {
      name: 'nope.log',
      reopenable: true,
      open: () => {
        throw Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' });
      },
    };
    const c = await collectAuditLogs([missing, memorySource('ok.log', jsonl(EVENTS))]);
    expect(c.problems).toEqual([
      { severity: 'error', code: 'unreadable', file: 'nope.log', message: 'cannot read: no such file' },
    ]);
    expect(c.counts.events).toBe(5);
  });
});

describe('credentials never leak', () => {
  const SECRET = 'U1VQRVItU0VDUkVULVZBTFVF';
  const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.TOKEN-MUST-NOT-LEAK.sig';
  const withBodies = {
    ...ev({ verb: 'create', user: 'bob', resource: 'secrets', ns: 'x', name: 'k', code: 201 }),
    level: 'RequestResponse',
    requestObject: { kind: 'Secret', data: { k: SECRET } },
    responseObject: { kind: 'TokenRequest', status: { token: TOKEN } },
  };
  const lines = [
    JSON.stringify(withBodies),
    // wrong shape, with bodies
    JSON.stringify({ ...withBodies, verb: 5 }),
    JSON.stringify({ ...withBodies, kind: `Secret ${SECRET}` }),
    JSON.stringify({ ...withBodies, apiVersion: TOKEN }),
    // not JSON, with the secret right at the error
    `{"requestObject":{"data":{"k":"${SECRET}"}}, ${TOKEN}}`,
    `${SECRET} ${TOKEN}`,
    // a 403 whose message quotes a token
    JSON.stringify({
      ...ev({ verb: 'get', user: 'eve', resource: 'pods', ns: 'x', decision: 'forbid' }),
      responseStatus: { code: 403, message: `bad ${TOKEN}` },
    }),
  ].join('\n');

  it('not in problems, not in the collection', async () => {
    const c = await collectText(lines);
    // lines 2-4 wrong shape, line 5 not JSON, line 6 skipped while re-synchronising
    expect(c.problems.map((p) => `${p.code}@${p.line}`)).toEqual([
      'wrong-shape@2',
      'wrong-shape@3',
      'wrong-shape@4',
      'not-json@5',
      'not-json@6',
    ]);
    expect(c.counts.events).toBe(2);
    const everything = JSON.stringify({
      c,
      identities: [...c.identities.values()].map((i) => [...i.requests.values()]),
    });
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain('TOKEN-MUST');
    expect(everything).not.toContain('U1VQRVIt');
  });
});
