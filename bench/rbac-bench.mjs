// RBAC benchmark (issue 4 item 7): a seeded synthetic cluster of 4,500 RoleBindings,
// 700 ClusterRoleBindings, 1,400 Roles, 700 ClusterRoles and 20,000 pods, then
//   - parse: YAML → Inventory (reported apart; the targets are about the analysis),
//   - index build (target ≤ 2 s),
//   - one who-can query (target ≤ 50 ms; median and max of several different queries),
//   - full risk + escalation analysis (target ≤ 5 s): the risk catalogue for every
//     subject, every workload's identity and risks, the escalation graph and the
//     shortest path of every identity to cluster-admin,
// with wall times and peak RSS. Deterministic for a seed.
//
//   node --import tsx bench/rbac-bench.mjs [--seed N] [--scale F] [--json]
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { inventoryFromYaml } from '../src/input/load.ts';
import { ApiResources } from '../src/rbac/api-resources.ts';
import { EscalationGraph } from '../src/rbac/escalation.ts';
import { buildRbacIndex } from '../src/rbac/index.ts';
import { findPaths } from '../src/rbac/paths.ts';
import { analyseRisks } from '../src/rbac/risks.ts';
import { parseWhoCanQuery, whoCan } from '../src/rbac/who-can.ts';
import { WorkloadIdentities } from '../src/rbac/workload-identity.ts';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i === -1 ? dflt : Number(args[i + 1]);
};
const SEED = opt('--seed', 42);
const SCALE = opt('--scale', 1);
const JSON_OUT = args.includes('--json');

/** mulberry32: a tiny, fast, seedable PRNG. */
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

export function generate(seed = 42, scale = 1) {
  const r = rng(seed);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const n = (x) => Math.max(1, Math.round(x * scale));
  const NS = n(300);
  const counts = {
    roles: n(1400),
    clusterRoles: n(700),
    roleBindings: n(4500),
    clusterRoleBindings: n(700),
    pods: n(20000),
  };
  const namespaces = Array.from({ length: NS }, (_, i) => `ns-${i}`);
  const docs = [];
  const RESOURCES = {
    '': [
      'pods',
      'pods/log',
      'pods/exec',
      'services',
      'configmaps',
      'secrets',
      'serviceaccounts',
      'events',
      'persistentvolumeclaims',
      'endpoints',
    ],
    apps: ['deployments', 'statefulsets', 'daemonsets', 'replicasets', 'deployments/scale'],
    batch: ['jobs', 'cronjobs'],
    'networking.k8s.io': ['ingresses', 'networkpolicies'],
    'rbac.authorization.k8s.io': ['roles', 'rolebindings'],
    'example.com': ['widgets', 'gadgets', 'widgets/status'],
  };
  const VERBS = [
    ['get', 'list', 'watch'],
    ['get'],
    ['create', 'update', 'patch', 'delete'],
    ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
    ['*'],
  ];
  const rule = (cluster) => {
    const x = r();
    if (x < 0.01) return '{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}';
    if (cluster && x < 0.02) return '{apiGroups: [""], resources: [nodes, nodes/proxy], verbs: [get, list]}';
    if (cluster && x < 0.03) return '{nonResourceURLs: ["/metrics", "/healthz/*"], verbs: [get]}';
    const group = pick(Object.keys(RESOURCES));
    const res = [...new Set([pick(RESOURCES[group]), pick(RESOURCES[group])])];
    const names = r() < 0.1 ? `, resourceNames: [n-${Math.floor(r() * 50)}]` : '';
    return `{apiGroups: ["${group}"], resources: [${res.map((s) => `"${s}"`).join(', ')}], verbs: [${pick(
      VERBS,
    )
      .map((v) => `"${v}"`)
      .join(', ')}]${names}}`;
  };
  const rules = (cluster) =>
    `[${Array.from({ length: 1 + Math.floor(r() * 6) }, () => rule(cluster)).join(', ')}]`;
  const crNames = [];
  for (let i = 0; i < counts.clusterRoles; i++) {
    const name = `cr-${i}`;
    crNames.push(name);
    const agg =
      i % 70 === 0
        ? `, labels: {rbac.authorization.k8s.io/aggregate-to-${pick(['view', 'edit', 'admin'])}: "true"}`
        : '';
    if (i % 100 === 1) {
      docs.push(
        `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: ${name}}\naggregationRule:\n  clusterRoleSelectors: [{matchLabels: {team: t${i % 7}}}]\nrules: []`,
      );
    } else {
      docs.push(
        `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: ${name}${agg || `, labels: {team: t${i % 7}}`}}\nrules: ${rules(true)}`,
      );
    }
  }
  const rolesByNs = new Map();
  for (let i = 0; i < counts.roles; i++) {
    const ns = namespaces[i % NS];
    const name = `role-${i}`;
    const list = rolesByNs.get(ns) ?? [];
    list.push(name);
    rolesByNs.set(ns, list);
    docs.push(
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: ${name}, namespace: ${ns}}\nrules: ${rules(false)}`,
    );
  }
  const sasByNs = new Map(namespaces.map((ns) => [ns, ['default', 'app', 'worker', 'deployer']]));
  for (const [ns, sas] of sasByNs)
    for (const sa of sas.slice(1))
      docs.push(`apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: ${sa}, namespace: ${ns}}`);
  const subject = (ns) => {
    const x = r();
    if (x < 0.5)
      return `{kind: ServiceAccount, name: ${pick(sasByNs.get(ns))}${ns ? '' : ''}, namespace: ${ns}}`;
    if (x < 0.8)
      return `{kind: User, name: user-${Math.floor(r() * 2000)}, apiGroup: rbac.authorization.k8s.io}`;
    if (x < 0.98)
      return `{kind: Group, name: group-${Math.floor(r() * 200)}, apiGroup: rbac.authorization.k8s.io}`;
    return `{kind: Group, name: "system:serviceaccounts:${ns}", apiGroup: rbac.authorization.k8s.io}`;
  };
  for (let i = 0; i < counts.roleBindings; i++) {
    const ns = pick(namespaces);
    const local = rolesByNs.get(ns) ?? [];
    const x = r();
    const ref =
      x < 0.55 && local.length > 0
        ? `{apiGroup: rbac.authorization.k8s.io, kind: Role, name: ${pick(local)}}`
        : `{apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${x < 0.75 ? pick(['view', 'edit', 'admin']) : pick(crNames)}}`;
    const subjects = Array.from({ length: 1 + Math.floor(r() * 3) }, () => subject(ns)).join(', ');
    docs.push(
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: rb-${i}, namespace: ${ns}}\nroleRef: ${ref}\nsubjects: [${subjects}]`,
    );
  }
  for (let i = 0; i < counts.clusterRoleBindings; i++) {
    const role = r() < 0.02 ? 'cluster-admin' : r() < 0.01 ? `missing-${i}` : pick(crNames);
    const subjects = Array.from({ length: 1 + Math.floor(r() * 2) }, () => subject(pick(namespaces))).join(
      ', ',
    );
    docs.push(
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: crb-${i}}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${role}}\nsubjects: [${subjects}]`,
    );
  }
  for (let i = 0; i < counts.pods; i++) {
    const ns = namespaces[i % NS];
    const app = `app-${i % 40}`;
    const sa = pick(sasByNs.get(ns));
    const automount = r() < 0.3 ? '\n  automountServiceAccountToken: false' : '';
    docs.push(
      `apiVersion: v1\nkind: Pod\nmetadata: {name: pod-${i}, namespace: ${ns}, labels: {app: ${app}}}\nspec:\n  serviceAccountName: ${sa}${automount}\n  containers: [{name: c, image: "registry.example.com/${app}:1.0"}]`,
    );
  }
  for (const ns of namespaces) {
    docs.push(
      `apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: ${ns}}\nspec: {type: ${r() < 0.2 ? 'LoadBalancer' : 'ClusterIP'}, selector: {app: app-${Math.floor(r() * 40)}}, ports: [{port: 80}]}`,
    );
    if (r() < 0.1)
      docs.push(
        `apiVersion: v1\nkind: Secret\nmetadata: {name: deployer-token, namespace: ${ns}, annotations: {kubernetes.io/service-account.name: deployer}}\ntype: kubernetes.io/service-account-token`,
      );
  }
  return { yaml: docs.join('\n---\n'), counts, namespaces: NS, documents: docs.length };
}

/** Wall time and CPU time (user + system of this process: unaffected by other load on the machine). */
function time(fn) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const c = process.cpuUsage(c0);
  return { value, ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000 };
}

const gen = time(() => generate(SEED, SCALE));
const parse = time(() => inventoryFromYaml(gen.value.yaml, 'synthetic.yaml'));
const inventory = parse.value.inventory;
const build = time(() => buildRbacIndex(inventory));
const index = build.value;
const api = ApiResources.forInventory(inventory);

const QUERIES = [
  ['get', 'secrets', { namespace: 'ns-17' }],
  ['create', 'pods', { namespace: 'ns-3', subresource: 'exec' }],
  ['list', 'secrets', {}],
  ['delete', 'deployments.apps', { namespace: 'ns-250', name: 'web' }],
  ['patch', 'namespaces', { name: 'ns-42' }],
  ['get', '/metrics', {}],
  ['*', '*', {}],
  ['get', 'widgets.example.com', { namespace: 'ns-99', name: 'n-3' }],
];
const queryTimes = [];
const queryCpu = [];
let subjectsFound = 0;
for (const [verb, target, extra] of QUERIES) {
  const t = time(() => {
    const q = parseWhoCanQuery({ verb, target, ...extra }, api);
    if (!q.ok) throw new Error(q.error);
    return whoCan(index, q.request, q.query);
  });
  queryTimes.push(t.ms);
  queryCpu.push(t.cpuMs);
  subjectsFound += t.value.subjects.length;
}
queryTimes.sort((a, b) => a - b);

const phases = {};
const analysis = time(() => {
  const risks = time(() => analyseRisks(index));
  const ids = new WorkloadIdentities(inventory, index);
  const workloads = time(() => {
    let risky = 0;
    for (const w of inventory.workloads()) {
      const id = ids.of(w);
      if (id.apiToken && id.risks.length > 0) risky++;
    }
    return risky;
  });
  const graph = time(() => new EscalationGraph(inventory, index, ids));
  const paths = time(() => findPaths(graph.value, { to: 'cluster-admin' }));
  for (const [k, v] of Object.entries({ risks, workloads, graph, paths }))
    phases[k] = { ms: Math.round(v.ms), cpuMs: Math.round(v.cpuMs) };
  return {
    risks: risks.value.length,
    riskyWorkloads: workloads.value,
    nodes: graph.value.nodes.size,
    edges: graph.value.edgeCount(),
    paths: paths.value.length,
  };
});

const rssMiB = process.resourceUsage().maxRSS / 1024;
const result = {
  seed: SEED,
  scale: SCALE,
  input: {
    ...gen.value.counts,
    namespaces: gen.value.namespaces,
    documents: gen.value.documents,
    megabytes: +(gen.value.yaml.length / 1048576).toFixed(1),
  },
  ms: {
    generate: Math.round(gen.ms),
    parse: Math.round(parse.ms),
    indexBuild: Math.round(build.ms),
    whoCanMedian: +queryTimes[Math.floor(queryTimes.length / 2)].toFixed(2),
    whoCanMax: +queryTimes.at(-1).toFixed(2),
    riskAndEscalation: Math.round(analysis.ms),
  },
  cpuMs: {
    parse: Math.round(parse.cpuMs),
    indexBuild: Math.round(build.cpuMs),
    whoCanMax: +Math.max(...queryCpu).toFixed(2),
    riskAndEscalation: Math.round(analysis.cpuMs),
  },
  phases,
  loadAverage: loadavg()[0],
  found: {
    whoCanSubjects: subjectsFound,
    problems: index.problems.length,
    dangling: index.dangling.length,
    ...analysis.value,
  },
  peakRssMiB: Math.round(rssMiB),
  targets: {
    indexBuild: build.ms <= 2000,
    whoCan: queryTimes.at(-1) <= 50,
    riskAndEscalation: analysis.ms <= 5000,
  },
};
if (JSON_OUT) console.log(JSON.stringify(result, null, 2));
else {
  const i = result.input;
  const c = result.cpuMs;
  const ok = (b) => (b ? 'ok' : 'MISSED');
  console.log(
    `input: ${i.roleBindings} RoleBindings, ${i.clusterRoleBindings} ClusterRoleBindings, ${i.roles} Roles, ${i.clusterRoles} ClusterRoles, ${i.pods} pods in ${i.namespaces} namespaces (${i.documents} documents, ${i.megabytes} MB)`,
  );
  console.log(`wall time [CPU time of this process]; load average ${result.loadAverage.toFixed(1)}`);
  console.log(`parse (YAML → inventory)      ${result.ms.parse} ms [${c.parse}]`);
  console.log(
    `index build                   ${result.ms.indexBuild} ms [${c.indexBuild}]   target ≤ 2000: ${ok(result.targets.indexBuild)}`,
  );
  console.log(
    `who-can (${QUERIES.length} queries)          median ${result.ms.whoCanMedian} ms, max ${result.ms.whoCanMax} ms [${c.whoCanMax}]   target ≤ 50: ${ok(result.targets.whoCan)}`,
  );
  console.log(
    `risk + escalation analysis    ${result.ms.riskAndEscalation} ms [${c.riskAndEscalation}]   target ≤ 5000: ${ok(result.targets.riskAndEscalation)}`,
  );
  console.log(
    `  phases: ${Object.entries(result.phases)
      .map(([k, v]) => `${k} ${v.ms} ms [${v.cpuMs}]`)
      .join(', ')}`,
  );
  console.log(`found: ${JSON.stringify(result.found)}`);
  console.log(`peak RSS                      ${result.peakRssMiB} MiB`);
}
if (!Object.values(result.targets).every(Boolean)) process.exitCode = 1;
