// Benchmark of `kzt rbac generate` on large audit logs (issue 4, item 7: 1,000,000
// events in ≤ 30 s, memory that does not grow with the log).
//
//   node bench/rbac-audit-bench.mjs [--sizes 100000,1000000] [--seed 42] [--keep | --dir D] [--heap-cap 64]
//
// A seeded generator writes realistic audit.k8s.io/v1 events (Metadata level, a few at
// RequestResponse with bodies; RequestReceived + ResponseComplete pairs; watches; 403s;
// controllers, nodes, users, impersonation) as JSON lines, gzip and (smallest size
// only) one pretty-printed EventList, into a temporary directory. Each file is then
// run through the real CLI (bundled from src/ with esbuild into bench/out/) in its own
// process: wall time and peak RSS (getrusage maxrss) are printed per run, with the
// subjects found. Each JSON lines log is also run with V8's old space capped (64 MiB):
// that it completes, at the same peak RSS for 100k and 1M events, shows that what kzt
// keeps does not grow with the log.
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? dflt : args[i + 1];
};
const SIZES = opt('sizes', '100000,1000000').split(',').map(Number);
const SEED = Number(opt('seed', '42'));
const KEEP = args.includes('--keep');
const HEAP_CAP_MIB = Number(opt('heap-cap', '64'));

// ---- a seeded PRNG (mulberry32) -------------------------------------------------
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---- a cluster: subjects and what each of them does --------------------------------
const NAMESPACES = Array.from({ length: 40 }, (_, i) => `team-${i}`);
const hex = (r, n) => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('');
const uuid = (r) => `${hex(r, 8)}-${hex(r, 4)}-4${hex(r, 3)}-a${hex(r, 3)}-${hex(r, 12)}`;

function makeCluster(r) {
  const pick = (a) => a[Math.floor(r() * a.length)];
  const names = (prefix, n) => Array.from({ length: n }, () => `${prefix}-${hex(r, 5)}`);
  const profiles = [];
  // Workload service accounts: one namespace (sometimes two), leases, configmaps, pods, events, a denied secret.
  for (let i = 0; i < 60; i++) {
    const ns = pick(NAMESPACES);
    const other = r() < 0.3 ? pick(NAMESPACES) : ns;
    const app = `app-${i}`;
    const pods = names(app, 8);
    profiles.push({
      user: {
        username: `system:serviceaccount:${ns}:${app}`,
        uid: uuid(r),
        groups: ['system:serviceaccounts', `system:serviceaccounts:${ns}`, 'system:authenticated'],
        extra: {
          'authentication.kubernetes.io/pod-name': [pods[0]],
          'authentication.kubernetes.io/pod-uid': [uuid(r)],
          'authentication.kubernetes.io/node-name': [`node-${i % 20}`],
          'authentication.kubernetes.io/credential-id': [`JTI=${uuid(r)}`],
        },
      },
      agent: `${app}/v1.4.2 (linux/amd64) kubernetes/$Format`,
      requests: [
        {
          w: 30,
          verb: 'get',
          group: 'coordination.k8s.io',
          resource: 'leases',
          ns,
          names: [`${app}-leader`],
        },
        {
          w: 30,
          verb: 'update',
          group: 'coordination.k8s.io',
          resource: 'leases',
          ns,
          names: [`${app}-leader`],
        },
        { w: 10, verb: 'list', resource: 'pods', ns },
        { w: 6, verb: 'watch', resource: 'pods', ns, longRunning: true },
        { w: 8, verb: 'get', resource: 'configmaps', ns, names: names(`${app}-cfg`, 3) },
        { w: 4, verb: 'get', resource: 'pods', ns, names: pods },
        { w: 3, verb: 'create', group: 'events.k8s.io', resource: 'events', ns: other },
        { w: 2, verb: 'patch', resource: 'pods', sub: 'status', ns, names: pods },
        { w: 1, verb: 'get', resource: 'secrets', ns, names: [`${app}-db`], denied: 0.5 },
        { w: 1, verb: 'list', resource: 'nodes', denied: 1 },
        { w: 1, verb: 'get', nonResource: '/apis/apps/v1?timeout=32s' },
        { w: 1, verb: 'get', nonResource: '/version?timeout=32s' },
      ],
    });
  }
  // Controllers: cluster-wide lists and watches, updates everywhere.
  for (const [name, res] of [
    ['replicaset-controller', ['replicasets', 'apps']],
    ['deployment-controller', ['deployments', 'apps']],
    ['job-controller', ['jobs', 'batch']],
    ['endpointslice-controller', ['endpointslices', 'discovery.k8s.io']],
    ['namespace-controller', ['namespaces', '']],
    ['garbage-collector', ['configmaps', '']],
  ]) {
    const [resource, group] = res;
    profiles.push({
      user: {
        username: `system:serviceaccount:kube-system:${name}`,
        uid: uuid(r),
        groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'],
        extra: {},
      },
      agent: `kube-controller-manager/v1.30.2 (linux/amd64) kubernetes/39683505/system:serviceaccount:kube-system:${name}`,
      requests: [
        { w: 5, verb: 'list', group, resource },
        { w: 3, verb: 'watch', group, resource, longRunning: true },
        ...NAMESPACES.slice(0, 25).map((ns) => ({
          w: 2,
          verb: 'update',
          group,
          resource,
          ns,
          names: names(resource, 4),
        })),
        ...NAMESPACES.slice(0, 10).map((ns) => ({
          w: 1,
          verb: 'create',
          group: 'events.k8s.io',
          resource: 'events',
          ns,
        })),
      ],
    });
  }
  // Nodes (the Node authorizer, not RBAC, but they are in every log).
  for (let i = 0; i < 20; i++) {
    profiles.push({
      user: {
        username: `system:node:node-${i}`,
        uid: '',
        groups: ['system:nodes', 'system:authenticated'],
        extra: {},
      },
      agent: 'kubelet/v1.30.2 (linux/amd64) kubernetes/39683505',
      requests: [
        {
          w: 20,
          verb: 'update',
          group: 'coordination.k8s.io',
          resource: 'leases',
          ns: 'kube-node-lease',
          names: [`node-${i}`],
        },
        { w: 10, verb: 'patch', resource: 'nodes', sub: 'status', names: [`node-${i}`] },
        { w: 5, verb: 'get', resource: 'nodes', names: [`node-${i}`] },
        { w: 3, verb: 'watch', resource: 'pods', longRunning: true },
        { w: 2, verb: 'get', resource: 'secrets', ns: pick(NAMESPACES), names: names('tls', 3) },
      ],
    });
  }
  // People: kubectl, some impersonation, some refusals.
  for (let i = 0; i < 15; i++) {
    const ns = pick(NAMESPACES);
    profiles.push({
      user: {
        username: `user${i}@example.com`,
        uid: '',
        groups: ['developers', 'system:authenticated'],
        extra: {},
      },
      agent: 'kubectl/v1.30.2 (darwin/arm64) kubernetes/39683505',
      impersonate:
        i < 2
          ? {
              username: `system:serviceaccount:${ns}:app-0`,
              groups: ['system:serviceaccounts', `system:serviceaccounts:${ns}`, 'system:authenticated'],
            }
          : undefined,
      requests: [
        { w: 5, verb: 'get', group: 'apps', resource: 'deployments', ns, names: names('web', 4) },
        { w: 5, verb: 'list', resource: 'pods', ns },
        { w: 2, verb: 'get', resource: 'pods', sub: 'log', ns, names: names('web', 6) },
        { w: 1, verb: 'create', resource: 'pods', sub: 'exec', ns, names: names('web', 6), denied: 0.3 },
        { w: 1, verb: 'delete', resource: 'pods', ns, names: names('web', 6) },
        { w: 1, verb: 'list', resource: 'secrets', ns: 'kube-system', denied: 1 },
        { w: 2, verb: 'get', nonResource: '/api?timeout=32s' },
      ],
    });
  }
  for (const p of profiles) p.total = p.requests.reduce((a, q) => a + q.w, 0);
  return profiles;
}

function uriOf(q, name) {
  if (q.nonResource) return q.nonResource;
  let p = q.group ? `/apis/${q.group}/v1` : '/api/v1';
  if (q.ns) p += `/namespaces/${q.ns}`;
  p += `/${q.resource}`;
  if (name) p += `/${name}`;
  if (q.sub) p += `/${q.sub}`;
  if (q.verb === 'list') p += '?limit=500';
  if (q.verb === 'watch')
    p += '?allowWatchBookmarks=true&resourceVersion=123456&timeoutSeconds=412&watch=true';
  return p;
}

/** Yields JSON lines: `count` events (a request may take 1–3 events). */
function* events(count, seed) {
  const r = rng(seed);
  const cluster = makeCluster(r);
  const pick = (a) => a[Math.floor(r() * a.length)];
  let t = Date.parse('2024-05-01T00:00:00Z') * 1000;
  let n = 0;
  while (n < count) {
    const p = pick(cluster);
    let x = r() * p.total;
    let q = p.requests[0];
    for (const c of p.requests) {
      x -= c.w;
      if (x < 0) {
        q = c;
        break;
      }
    }
    const name = q.names && !(q.verb === 'create' && !q.sub) ? pick(q.names) : undefined;
    const denied = q.denied !== undefined && r() < q.denied;
    const code = denied ? 403 : q.verb === 'create' ? 201 : r() < 0.01 ? 404 : 200;
    t += Math.floor(r() * 2000);
    const ts = `${new Date(t / 1000).toISOString().slice(0, 19)}.${String(t % 1_000_000).padStart(6, '0')}Z`;
    const ev = {
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      level: 'Metadata',
      auditID: uuid(r),
      stage: 'ResponseComplete',
      requestURI: uriOf(q, name),
      verb: q.verb,
      user: p.user,
      ...(p.impersonate && r() < 0.2 ? { impersonatedUser: p.impersonate } : {}),
      sourceIPs: [`10.${Math.floor(r() * 250)}.${Math.floor(r() * 250)}.${Math.floor(r() * 250)}`],
      userAgent: p.agent,
      ...(q.nonResource
        ? {}
        : {
            objectRef: {
              resource: q.resource,
              ...(q.ns ? { namespace: q.ns } : {}),
              ...(name ? { name } : {}),
              ...(name ? { uid: uuid(r) } : {}),
              ...(q.group ? { apiGroup: q.group } : {}),
              apiVersion: q.group ? `${q.group}/v1` : 'v1',
              ...(q.verb === 'update' ? { resourceVersion: String(Math.floor(r() * 1e7)) } : {}),
              ...(q.sub ? { subresource: q.sub } : {}),
            },
          }),
      responseStatus: denied
        ? { metadata: {}, status: 'Failure', message: 'forbidden', reason: 'Forbidden', details: {}, code }
        : { metadata: {}, code },
      requestReceivedTimestamp: ts,
      stageTimestamp: ts,
      annotations: denied
        ? { 'authorization.k8s.io/decision': 'forbid', 'authorization.k8s.io/reason': '' }
        : {
            'authorization.k8s.io/decision': 'allow',
            'authorization.k8s.io/reason': `RBAC: allowed by ClusterRoleBinding "${p.user.username.split(':').pop()}" of ClusterRole "${q.resource ?? 'discovery'}" to ServiceAccount "${p.user.username.split(':').pop()}/kube-system"`,
          },
    };
    // 2% at RequestResponse level, with bodies (which kzt must skip, not copy).
    if (q.verb === 'update' && r() < 0.02) {
      ev.level = 'RequestResponse';
      ev.requestObject = {
        kind: 'Lease',
        apiVersion: 'coordination.k8s.io/v1',
        metadata: { name, namespace: q.ns },
        spec: { holderIdentity: hex(r, 32), leaseDurationSeconds: 15 },
      };
      ev.responseObject = ev.requestObject;
    }
    // The policy logs RequestReceived for 20% of requests; watches get ResponseStarted; 10% of watches stay open.
    if (r() < 0.2 && n + 1 < count) {
      const rr = { ...ev, stage: 'RequestReceived' };
      delete rr.responseStatus;
      delete rr.annotations;
      yield JSON.stringify(rr);
      n++;
    }
    if (q.longRunning && n + 1 < count) {
      yield JSON.stringify({ ...ev, stage: 'ResponseStarted' });
      n++;
      if (r() < 0.1) continue;
    }
    yield JSON.stringify(ev);
    n++;
  }
}

async function writeLog(file, count, seed, gzip) {
  const out = createWriteStream(file);
  const sink = gzip ? createGzip({ level: 6 }) : out;
  if (gzip) sink.pipe(out);
  let buf = '';
  for (const line of events(count, seed)) {
    buf += `${line}\n`;
    if (buf.length > 1 << 20) {
      if (!sink.write(buf)) await new Promise((res) => sink.once('drain', res));
      buf = '';
    }
  }
  sink.write(buf);
  await new Promise((res) => {
    out.on('finish', res);
    sink.end();
  });
}

function writeEventList(file, count, seed) {
  // Pretty-printed (2 spaces), as `jq .` or kubectl would save a webhook batch.
  const items = [...events(count, seed)].map((l) => {
    const e = JSON.parse(l);
    delete e.kind;
    delete e.apiVersion;
    return JSON.stringify(e, null, 2).replace(/\n/g, '\n    ');
  });
  writeFileSync(
    file,
    `{\n  "kind": "EventList",\n  "apiVersion": "audit.k8s.io/v1",\n  "metadata": {},\n  "items": [\n    ${items.join(',\n    ')}\n  ]\n}\n`,
  );
}

// ---- run ---------------------------------------------------------------------------
const out = join(root, 'bench', 'out');
mkdirSync(out, { recursive: true });
const cli = join(out, 'kzt-audit-bench.mjs');
await build({
  entryPoints: [join(root, 'src/cli/bin.ts')],
  outfile: cli,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" },
  logLevel: 'warning',
});
const measure = join(out, 'measure.mjs');
writeFileSync(
  measure,
  `import { pathToFileURL } from 'node:url';
const [node, , entry, ...rest] = process.argv;
process.argv = [node, entry, ...rest];
process.on('exit', () => {
  const u = process.resourceUsage();
  process.stderr.write('\\nKZT_BENCH_MAXRSS_KB=' + u.maxRSS + ' KZT_BENCH_CPU_US=' + (u.userCPUTime + u.systemCPUTime) + '\\n');
});
await import(pathToFileURL(entry).href);
`,
);

function run(argv, nodeFlags = []) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [...nodeFlags, measure, cli, ...argv], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const rss = Number(/KZT_BENCH_MAXRSS_KB=(\d+)/.exec(r.stderr)?.[1] ?? 0) / 1024;
  const cpu = Number(/KZT_BENCH_CPU_US=(\d+)/.exec(r.stderr)?.[1] ?? 0) / 1e6;
  if (r.status !== 0) {
    process.stderr.write(r.stderr);
    throw new Error(`kzt exited ${r.status}`);
  }
  const requests = /→ ([\d,]+) requests/.exec(r.stderr)?.[1] ?? '?';
  const subjects = /generated: ([\d,]+) subjects/.exec(r.stderr)?.[1] ?? '?';
  const verified = r.stderr.includes('verified:');
  return { seconds, cpu, rss, requests, subjects, verified };
}

// --dir D keeps the generated logs in D and reuses them on the next run (same sizes and seed).
const DIR = opt('dir', undefined);
const dir = DIR ? resolve(DIR) : mkdtempSync(join(tmpdir(), 'kzt-audit-bench-'));
if (DIR) mkdirSync(dir, { recursive: true });
const exists = (f) => {
  try {
    return statSync(f).size > 0;
  } catch {
    return false;
  }
};
const mib = (b) => `${(b / 1024 / 1024).toFixed(0)} MiB`;
const rows = [];
const baseline = run(['--version']);
console.log(
  `node ${process.version}; Node + kzt at rest (kzt --version): ${baseline.rss.toFixed(0)} MiB peak RSS`,
);
console.log(`logs in ${dir}${KEEP || DIR ? '' : ' (deleted at the end; --keep or --dir D to keep them)'}\n`);
try {
  for (const size of SIZES) {
    let t = Date.now();
    const plain = join(dir, `audit-${size}-seed${SEED}.jsonl`);
    const gz = `${plain}.gz`;
    if (!exists(plain)) await writeLog(plain, size, SEED, false);
    if (!exists(gz)) await writeLog(gz, size, SEED, true);
    const files = [
      ['JSON lines', plain],
      ['gzip', gz],
    ];
    // The same JSON lines with V8's old space capped: completing at all shows the retained
    // memory is bounded; the peak RSS then no longer follows V8's heap sizing, which grows
    // with the allocation rate of a longer run rather than with what is kept.
    files.push(['JSON lines, heap capped', plain, [`--max-old-space-size=${HEAP_CAP_MIB}`]]);
    if (size === Math.min(...SIZES)) {
      const list = join(dir, `audit-${size}-seed${SEED}-eventlist.json`);
      if (!exists(list)) writeEventList(list, size, SEED);
      files.push(['pretty EventList', list]);
    }
    console.log(
      `generated ${size.toLocaleString('en-US')} events in ${((Date.now() - t) / 1000).toFixed(1)} s`,
    );
    for (const [format, file, flags] of files) {
      t = Date.now();
      const m = run(['rbac', 'generate', '--audit-log', file, '--output-file', join(dir, 'out.yaml')], flags);
      const row = {
        events: size,
        format,
        size: mib(statSync(file).size),
        time: `${m.seconds.toFixed(2)} s`,
        cpu: `${m.cpu.toFixed(2)} s`,
        rate: `${Math.round(size / m.seconds / 1000)}k events/s`,
        rss: `${m.rss.toFixed(0)} MiB`,
        requests: m.requests,
        subjects: m.subjects,
        verified: m.verified ? 'yes' : 'NO',
      };
      rows.push({ ...row, rssMiB: m.rss });
      console.log(Object.values(row).join('  |  '));
    }
  }
} finally {
  if (!KEEP && !DIR) rmSync(dir, { recursive: true, force: true });
}

console.log(
  '\n| events | format | file | wall time | CPU time | throughput | peak RSS | requests | subjects | self-check |',
);
console.log('|---:|---|---:|---:|---:|---:|---:|---:|---:|---|');
for (const r of rows)
  console.log(
    `| ${r.events.toLocaleString('en-US')} | ${r.format} | ${r.size} | ${r.time} | ${r.cpu} | ${r.rate} | ${r.rss} | ${r.requests} | ${r.subjects} | ${r.verified} |`,
  );
console.log(
  `(load average at the end: ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} on ${cpus().length} CPUs: wall time suffers on a busy machine, CPU time much less)`,
);
const bySize = (f) => rows.filter((r) => r.format === f).sort((a, b) => a.events - b.events);
for (const f of ['JSON lines', 'gzip', 'JSON lines, heap capped']) {
  const rs = bySize(f);
  if (rs.length >= 2) {
    const a = rs[0];
    const b = rs.at(-1);
    console.log(
      `${f}: ${(b.events / a.events).toFixed(0)}× the events → ${(b.rssMiB / a.rssMiB).toFixed(2)}× the peak RSS (${a.rssMiB.toFixed(0)} → ${b.rssMiB.toFixed(0)} MiB)`,
    );
  }
}
