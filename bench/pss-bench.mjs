#!/usr/bin/env node
// Pod Security Standards benchmark (issue 2 item 3):
//   1. the library alone: evaluateWorkload over 100k synthetic workloads of every kind
//      (seeded; half hardened, the rest with assorted violations), at restricted:latest and
//      baseline:v1.25 — total milliseconds and microseconds per workload;
//   2. the catalogue: runScan with the 19 ZT-WL PSS checks over the same 100k workloads
//      (one shared evaluation per workload through ctx.memo);
//   3. the CLI end to end: `kzt pss -o json` on the seeded 100k-object synthetic cluster of
//      bench/synth.mjs (parsing included), wall time and peak RSS.
//
//   npm run build && node bench/pss-bench.mjs [--workloads N] [--runs N] [--no-cli]
//
// Prints one JSON object per line (bench/run.mjs collects them). Nothing is timed in tests.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { generateCluster, rng } from './synth.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'bench/out');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? dflt : Number(args[i + 1]);
};
const WORKLOADS = opt('workloads', 100_000);
const RUNS = opt('runs', 3);
/** Runs in the benchmarked child on exit (written to a preload file). */
function reportUsage() {
  const u = process.resourceUsage();
  process.stderr.write(`\nKZT_BENCH_USAGE=${u.maxRSS},${u.userCPUTime + u.systemCPUTime}\n`);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

mkdirSync(OUT, { recursive: true });
const lib = join(OUT, 'pss-lib.mjs');
await build({
  stdin: {
    contents: [
      "export { evaluateWorkload } from './src/pss/index.ts';",
      "export { Inventory } from './src/model/inventory.ts';",
      "export { workloadOf } from './src/model/workloads.ts';",
      "export { runScan } from './src/engine/runner.ts';",
      "export { workloadChecks } from './src/checks/workload/index.ts';",
    ].join('\n'),
    resolveDir: ROOT,
    loader: 'ts',
  },
  outfile: lib,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
});
const { evaluateWorkload, Inventory, workloadOf, runScan, workloadChecks } = await import(lib);

const KINDS = [
  ['v1', 'Pod'],
  ['apps/v1', 'Deployment'],
  ['apps/v1', 'ReplicaSet'],
  ['apps/v1', 'StatefulSet'],
  ['apps/v1', 'DaemonSet'],
  ['batch/v1', 'Job'],
  ['batch/v1', 'CronJob'],
  ['v1', 'ReplicationController'],
  ['v1', 'PodTemplate'],
];

function container(r, name) {
  const hardened = r() < 0.5;
  const c = {
    name,
    image: `registry.example.com/${name}:1.2.3`,
    ports: [{ containerPort: 8080, protocol: 'TCP' }],
  };
  if (hardened) {
    c.securityContext = {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      readOnlyRootFilesystem: true,
    };
  } else if (r() < 0.3) {
    c.securityContext = {
      privileged: r() < 0.2,
      capabilities: { add: r() < 0.5 ? ['NET_ADMIN'] : ['CHOWN'] },
    };
  }
  if (r() < 0.05) c.ports[0].hostPort = 8080;
  c.livenessProbe = { httpGet: { path: '/healthz', port: 8080 } };
  return c;
}

function podSpec(r, i) {
  const spec = {
    serviceAccountName: `sa-${i}`,
    containers: [container(r, 'app')],
    volumes: [{ name: 'config', configMap: { name: `cm-${i}` } }],
  };
  if (r() < 0.4) spec.containers.push(container(r, 'sidecar'));
  if (r() < 0.3) spec.initContainers = [container(r, 'init')];
  if (r() < 0.5) spec.securityContext = { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } };
  if (r() < 0.03) spec.hostNetwork = true;
  if (r() < 0.03) spec.volumes.push({ name: 'host', hostPath: { path: '/var/log' } });
  return spec;
}

function resource(id, [apiVersion, kind], r) {
  const name = `w-${id}`;
  const metadata = { name, namespace: `team-${id % 500}`, labels: { app: name } };
  const template = { metadata: { labels: { app: name } }, spec: podSpec(r, id) };
  let object;
  if (kind === 'Pod') object = { apiVersion, kind, metadata, spec: template.spec };
  else if (kind === 'PodTemplate') object = { apiVersion, kind, metadata, template };
  else if (kind === 'CronJob')
    object = {
      apiVersion,
      kind,
      metadata,
      spec: { schedule: '@daily', jobTemplate: { spec: { template } } },
    };
  else object = { apiVersion, kind, metadata, spec: { selector: { matchLabels: { app: name } }, template } };
  const origin = { file: 'bench.yaml', line: 1 };
  return {
    id,
    ref: { apiVersion, kind, namespace: metadata.namespace, name },
    object,
    origin,
    documentPath: [],
    locate: () => origin,
  };
}

const r = rng(42);
const resources = Array.from({ length: WORKLOADS }, (_, i) => resource(i, KINDS[i % KINDS.length], r));
const workloads = resources.map(workloadOf);

/**
 * Wall time and CPU time (user + system of this process) of `fn`, median of RUNS. CPU time
 * is the number to compare across machines: on a shared machine, wall time includes waiting.
 */
function measure(fn) {
  const wall = [];
  const cpu = [];
  let value;
  for (let run = 0; run < RUNS; run++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    value = fn();
    wall.push(Number(process.hrtime.bigint() - t0) / 1e6);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wallMs: median(wall), cpuMs: median(cpu), value };
}

function timeLibrary(policy) {
  const {
    wallMs,
    cpuMs,
    value: denied,
  } = measure(() => {
    let n = 0;
    for (const w of workloads) if (!evaluateWorkload(w, policy).allowed) n++;
    return n;
  });
  return {
    bench: 'pss-library',
    policy: `${policy.level}:${policy.version}`,
    workloads: WORKLOADS,
    denied,
    wallMilliseconds: +wallMs.toFixed(1),
    cpuMilliseconds: +cpuMs.toFixed(1),
    cpuMicrosecondsPerWorkload: +((cpuMs * 1000) / WORKLOADS).toFixed(2),
  };
}

console.log(JSON.stringify(timeLibrary({ level: 'restricted', version: 'latest' })));
console.log(JSON.stringify(timeLibrary({ level: 'baseline', version: 'v1.25' })));

const pssChecks = workloadChecks.filter((c) => /^ZT-WL-0(0\d|1\d)$/.test(c.meta.id));
for (const [name, options] of [
  ['restricted:latest', { pss: { level: 'restricted', version: 'latest' } }],
  ['baseline:latest', { pss: { level: 'baseline', version: 'latest' } }],
]) {
  const {
    wallMs,
    cpuMs,
    value: findings,
  } = measure(
    () => runScan({ inventory: new Inventory(resources), checks: pssChecks, options }).findings.length,
  );
  console.log(
    JSON.stringify({
      bench: 'pss-catalogue-scan',
      policy: name,
      checks: pssChecks.length,
      workloads: WORKLOADS,
      findings,
      wallMilliseconds: +wallMs.toFixed(1),
      cpuMilliseconds: +cpuMs.toFixed(1),
      cpuMicrosecondsPerWorkload: +((cpuMs * 1000) / WORKLOADS).toFixed(2),
    }),
  );
}

if (!args.includes('--no-cli')) {
  if (!existsSync(join(ROOT, 'dist/kzt.mjs'))) throw new Error('run npm run build first');
  const dir = join(OUT, 'cluster-100000');
  const gen = generateCluster(dir, 100_000, 42);
  // Peak RSS and CPU time (user + system) of the child, printed on exit.
  const hook = join(OUT, 'pss-usage-hook.mjs');
  writeFileSync(hook, `process.on('exit', ${reportUsage.toString()});\n`);
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    const p = spawnSync(
      process.execPath,
      ['--import', hook, join(ROOT, 'dist/kzt.mjs'), 'pss', dir, '-o', 'json'],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 30,
      },
    );
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    if (p.status !== 0 && p.status !== 1)
      throw new Error(`kzt pss exited ${p.status}: ${p.stderr.slice(0, 500)}`);
    const [rssKb, cpuUs] = (/KZT_BENCH_USAGE=(\d+),(\d+)/.exec(p.stderr) ?? [0, 0, 0]).slice(1).map(Number);
    runs.push({ seconds, rss: rssKb / 1024, cpu: cpuUs / 1e6, entries: JSON.parse(p.stdout).length });
  }
  console.log(
    JSON.stringify({
      bench: 'pss-cli',
      objects: gen.objects,
      podBearingObjects: runs[0].entries,
      files: gen.files,
      wallSeconds: +median(runs.map((x) => x.seconds)).toFixed(2),
      cpuSeconds: +median(runs.map((x) => x.cpu)).toFixed(2),
      peakRssMiB: Math.round(Math.max(...runs.map((x) => x.rss))),
    }),
  );
}
