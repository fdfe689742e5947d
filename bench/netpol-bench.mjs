#!/usr/bin/env node
// Benchmark of `kzt netpol connlist` (issue 3 item 7): wall time and peak RSS of the
// built CLI (dist/kzt.mjs) on
//   1. a seeded synthetic cluster: 5,000 workloads, 2,000 NetworkPolicies (plus a few
//      AdminNetworkPolicies and a BaselineAdminNetworkPolicy), 500 namespaces;
//   2. the largest conformance scenario, ipblockstest_4 (~24k output lines).
// Targets: (1) <= 20 s and <= 2 GB; (2) <= 2 s.
//
//   npm run build && node bench/netpol-bench.mjs [--seed N] [--workloads N] [--namespaces N] [--policies N] [--runs N]
//
// The generated manifests go to bench/out/netpol-synthetic-<seed>/ (git-ignored) and the
// connlist output to bench/out/. Nothing is timed in the test suite.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const KZT = join(ROOT, 'dist/kzt.mjs');
const OUT = join(ROOT, 'bench/out');

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? dflt : Number(args[i + 1]);
};
const SEED = opt('seed', 42);
const WORKLOADS = opt('workloads', 5000);
const NAMESPACES = opt('namespaces', 500);
const POLICIES = opt('policies', 2000);
const RUNS = opt('runs', 1);

// mulberry32: a tiny seeded PRNG, so every run benchmarks the same cluster.
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

function generate(dir) {
  const rand = rng(SEED);
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  const chance = (p) => rand() < p;
  const TIERS = ['frontend', 'backend', 'db', 'cache', 'worker'];
  const TEAMS = Array.from({ length: 50 }, (_, i) => `team-${i}`);
  const namespaces = Array.from({ length: NAMESPACES }, (_, i) => ({
    name: `ns-${String(i).padStart(3, '0')}`,
    labels: { team: pick(TEAMS), env: pick(['prod', 'staging', 'dev']) },
    docs: [],
  }));
  // Shared infrastructure namespaces that policies point at.
  namespaces[0].name = 'kube-system';
  namespaces[1].name = 'monitoring';
  namespaces[2].name = 'ingress-nginx';
  for (const ns of namespaces)
    ns.docs.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns.name, labels: ns.labels } });

  const kinds = [
    ['Deployment', 'apps/v1', 0.7],
    ['StatefulSet', 'apps/v1', 0.15],
    ['DaemonSet', 'apps/v1', 0.05],
    ['CronJob', 'batch/v1', 0.05],
    ['Pod', 'v1', 0.05],
  ];
  const kindOf = () => {
    let r = rand();
    for (const [k, v, p] of kinds) {
      if (r < p) return [k, v];
      r -= p;
    }
    return ['Deployment', 'apps/v1'];
  };
  const apps = [];
  for (let i = 0; i < WORKLOADS; i++) {
    const ns = namespaces[i % NAMESPACES];
    const tier = i % NAMESPACES === 0 && i < NAMESPACES * 2 ? 'dns' : pick(TIERS);
    const app = `app-${i}`;
    const labels =
      tier === 'dns' ? { 'k8s-app': 'kube-dns', tier } : { app, tier, version: pick(['v1', 'v2']) };
    const ports = [
      { name: 'http', containerPort: pick([8080, 8081, 80]) },
      { name: 'metrics', containerPort: 9090 },
      ...(tier === 'db' ? [{ name: 'sql', containerPort: 5432 }] : []),
      ...(tier === 'dns'
        ? [
            { name: 'dns', containerPort: 53, protocol: 'UDP' },
            { name: 'dns-tcp', containerPort: 53 },
          ]
        : []),
      ...(chance(0.2) ? [{ name: 'grpc', containerPort: 50051 }] : []),
    ];
    const podSpec = { containers: [{ name: 'main', image: `registry.example/${app}:1`, ports }] };
    const [kind, apiVersion] = kindOf();
    const meta = { name: app, namespace: ns.name };
    let obj;
    if (kind === 'Pod') obj = { apiVersion, kind, metadata: { ...meta, labels }, spec: podSpec };
    else if (kind === 'CronJob')
      obj = {
        apiVersion,
        kind,
        metadata: meta,
        spec: {
          schedule: '*/5 * * * *',
          jobTemplate: { spec: { template: { metadata: { labels }, spec: podSpec } } },
        },
      };
    else
      obj = {
        apiVersion,
        kind,
        metadata: meta,
        spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: podSpec } },
      };
    ns.docs.push(obj);
    apps.push({ ns, labels, tier });
  }

  let policies = 0;
  const np = (ns, name, spec) => {
    policies++;
    ns.docs.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name, namespace: ns.name },
      spec,
    });
  };
  const nsSel = (name) => ({ matchLabels: { 'kubernetes.io/metadata.name': name } });
  const perNs = Math.max(1, Math.round(POLICIES / NAMESPACES));
  for (const ns of namespaces) {
    if (policies >= POLICIES) break;
    const isolated = chance(0.8); // a fifth of the namespaces stay open
    const templates = [
      () =>
        isolated
          ? np(ns, 'default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] })
          : np(ns, 'allow-same-namespace', { podSelector: {}, ingress: [{ from: [{ podSelector: {} }] }] }),
      () =>
        np(ns, 'allow-dns-and-monitoring', {
          podSelector: {},
          policyTypes: ['Ingress', 'Egress'],
          egress: [
            {
              to: [
                {
                  namespaceSelector: nsSel('kube-system'),
                  podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
                },
              ],
              ports: [
                { protocol: 'UDP', port: 53 },
                { protocol: 'TCP', port: 'dns-tcp' },
              ],
            },
            { to: [{ podSelector: {} }] },
          ],
          ingress: [
            { from: [{ namespaceSelector: nsSel('monitoring') }], ports: [{ port: 'metrics' }] },
            { from: [{ podSelector: {} }] },
          ],
        }),
      () =>
        np(ns, 'frontend-from-ingress', {
          podSelector: { matchLabels: { tier: 'frontend' } },
          ingress: [
            { from: [{ namespaceSelector: nsSel('ingress-nginx') }], ports: [{ port: 'http' }] },
            {
              from: [{ namespaceSelector: { matchLabels: { team: ns.labels.team } } }],
              ports: [{ port: 8080, endPort: 8089 }],
            },
          ],
        }),
      () =>
        np(ns, 'backend-egress', {
          podSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['backend', 'worker'] }] },
          policyTypes: ['Egress'],
          egress: [
            { to: [{ podSelector: { matchLabels: { tier: 'db' } } }], ports: [{ port: 'sql' }] },
            {
              to: [
                {
                  ipBlock: {
                    cidr: `${10 + Math.floor(rand() * 200)}.${Math.floor(rand() * 256)}.0.0/16`,
                    except: [`${Math.floor(rand() * 256)}.0.0.0/24`].filter(() => false),
                  },
                },
                {
                  ipBlock: {
                    cidr: `${Math.floor(rand() * 223) + 1}.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}.0/24`,
                  },
                },
              ],
              ports: [{ port: 443 }],
            },
            {
              to: [
                {
                  namespaceSelector: { matchLabels: { env: ns.labels.env } },
                  podSelector: { matchLabels: { tier: 'backend' } },
                },
              ],
            },
          ],
        }),
    ];
    for (let k = 0; k < perNs && policies < POLICIES; k++) templates[k % templates.length]();
  }
  // The admin tiers: a few cluster-wide guard rails.
  const admin = [];
  const anp = (name, priority, spec) =>
    admin.push({
      apiVersion: 'policy.networking.k8s.io/v1alpha1',
      kind: 'AdminNetworkPolicy',
      metadata: { name },
      spec: { priority, ...spec },
    });
  anp('allow-monitoring', 10, {
    subject: { namespaces: {} },
    ingress: [
      {
        name: 'scrape',
        action: 'Allow',
        from: [{ namespaces: nsSel('monitoring') }],
        ports: [{ namedPort: 'metrics' }],
      },
    ],
  });
  anp('isolate-dev-from-prod', 20, {
    subject: { namespaces: { matchLabels: { env: 'prod' } } },
    ingress: [{ name: 'deny-dev', action: 'Deny', from: [{ namespaces: { matchLabels: { env: 'dev' } } }] }],
  });
  anp('egress-guard', 30, {
    subject: { namespaces: { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['dev'] }] } },
    egress: [
      {
        name: 'allow-dns',
        action: 'Allow',
        to: [{ networks: ['169.254.20.10/32'] }],
        ports: [{ portNumber: { protocol: 'UDP', port: 53 } }],
      },
      { name: 'deny-metadata', action: 'Deny', to: [{ networks: ['169.254.169.254/32'] }] },
      { name: 'pass-rest', action: 'Pass', to: [{ networks: ['0.0.0.0/0'] }] },
    ],
  });
  admin.push({
    apiVersion: 'policy.networking.k8s.io/v1alpha1',
    kind: 'BaselineAdminNetworkPolicy',
    metadata: { name: 'default' },
    spec: {
      subject: { namespaces: {} },
      ingress: [
        { name: 'deny-other-teams', action: 'Deny', from: [{ namespaces: { matchLabels: { env: 'dev' } } }] },
      ],
    },
  });

  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const ns of namespaces)
    writeFileSync(join(dir, `${ns.name}.yaml`), ns.docs.map((d) => JSON.stringify(d)).join('\n---\n'));
  writeFileSync(join(dir, 'admin-policies.yaml'), admin.map((d) => JSON.stringify(d)).join('\n---\n'));
  return { workloads: apps.length, policies, admin: admin.length, namespaces: namespaces.length };
}

/** Runs the CLI in a child that reports its own peak RSS. */
function runKzt(argv) {
  const wrapper =
    "process.on('exit',()=>{const u=process.resourceUsage();process.stderr.write('\\nKZT_MAXRSS_KB='+u.maxRSS+' KZT_CPU_US='+(u.userCPUTime+u.systemCPUTime)+'\\n')});await import(process.env.KZT_BIN);";
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', wrapper, 'kzt', ...argv], {
    env: { ...process.env, KZT_BIN: KZT },
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const m = /KZT_MAXRSS_KB=(\d+) KZT_CPU_US=(\d+)/.exec(r.stderr ?? '');
  if (r.status !== 0) throw new Error(`kzt exited ${r.status}: ${r.stderr}`);
  return { ms, rssMb: m ? Number(m[1]) / 1024 : Number.NaN, cpuMs: m ? Number(m[2]) / 1000 : Number.NaN };
}

if (!existsSync(KZT)) {
  console.error('dist/kzt.mjs is missing: run npm run build first');
  process.exit(2);
}
mkdirSync(OUT, { recursive: true });
const dir = join(OUT, `netpol-synthetic-${SEED}`);
const t0 = Date.now();
const stats = generate(dir);
const load = spawnSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).stdout?.split(' ')[0];
console.log(
  `machine: ${(await import('node:os')).cpus().length} CPUs, load average ${load ?? '?'}, node ${process.version}`,
);
console.log(
  `synthetic cluster (seed ${SEED}): ${stats.workloads} workloads, ${stats.policies} NetworkPolicies, ${stats.admin} admin policies, ${stats.namespaces} namespaces; generated in ${Date.now() - t0} ms`,
);

const report = (name, argv, outFile, target) => {
  const times = [];
  const cpu = [];
  let rss = 0;
  for (let i = 0; i < RUNS; i++) {
    const r = runKzt(argv);
    times.push(r.ms);
    cpu.push(r.cpuMs);
    rss = Math.max(rss, r.rssMb);
  }
  const best = Math.min(...times);
  const bestCpu = Math.min(...cpu);
  const lines = existsSync(outFile)
    ? spawnSync('wc', ['-l', outFile], { encoding: 'utf8' }).stdout.trim().split(/\s+/)[0]
    : '?';
  const size = existsSync(outFile) ? (statSync(outFile).size / 1048576).toFixed(1) : '?';
  console.log(
    `${name}: ${(best / 1000).toFixed(2)} s wall, ${(bestCpu / 1000).toFixed(2)} s CPU (best of ${RUNS}), peak RSS ${rss.toFixed(0)} MB, ${lines} lines (${size} MiB)  [target ${target}]`,
  );
};

for (const profile of ['k8s', 'np-guard']) {
  const out = join(OUT, `netpol-synthetic-${SEED}-${profile}.txt`);
  report(
    `synthetic connlist --profile ${profile}`,
    ['netpol', 'connlist', dir, '--profile', profile, '-q', '--output-file', out],
    out,
    '<= 20 s, <= 2048 MB',
  );
}
const ipb = resolve(ROOT, '../shared/conformance/netpol/tests/ipblockstest_4');
if (existsSync(ipb)) {
  const out = join(OUT, 'ipblockstest_4.txt');
  report(
    'ipblockstest_4 connlist --profile np-guard',
    ['netpol', 'connlist', ipb, '--profile', 'np-guard', '-q', '--output-file', out],
    out,
    '<= 2 s',
  );
} else console.log('ipblockstest_4: ../shared/conformance/netpol not found; skipped');
