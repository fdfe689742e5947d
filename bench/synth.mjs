// Seeded synthetic cluster generator: realistic manifests of every common kind, written
// as multi-document YAML files of ~5 objects each (like a GitOps repository or a
// `kubectl get -o yaml` dump split by app). Deterministic for a given seed and size.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** mulberry32: a tiny, fast, seedable PRNG. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = (r, xs) => xs[Math.floor(r() * xs.length)];

/** metadata as Helm charts write it: standard labels and a couple of annotations. */
function meta(name, ns, app, indent = '') {
  return [
    `${indent}metadata:`,
    `${indent}  name: ${name}`,
    `${indent}  namespace: ${ns}`,
    `${indent}  labels:`,
    `${indent}    app.kubernetes.io/name: ${app}`,
    `${indent}    app.kubernetes.io/instance: ${app}-prod`,
    `${indent}    app.kubernetes.io/version: "1.4.2"`,
    `${indent}    app.kubernetes.io/component: backend`,
    `${indent}    app.kubernetes.io/part-of: shop`,
    `${indent}    app.kubernetes.io/managed-by: Helm`,
    `${indent}    helm.sh/chart: ${app}-0.3.1`,
    `${indent}  annotations:`,
    `${indent}    meta.helm.sh/release-name: ${app}-prod`,
    `${indent}    meta.helm.sh/release-namespace: ${ns}`,
  ].join('\n');
}

function container(r, app, i) {
  const hardened = r() < 0.5;
  const image = pick(r, [
    `registry.example.com/${app}:1.${i % 20}.${i % 7}`,
    `registry.example.com/${app}@sha256:${'a'.repeat(64)}`,
    `nginx:latest`,
    `docker.io/library/redis:7.2`,
    `${app}`,
  ]);
  const lines = [
    `        - name: ${app}`,
    `          image: ${image}`,
    `          ports:`,
    `            - containerPort: ${pick(r, [8080, 8443, 9090, 3000])}`,
    `              name: http`,
  ];
  if (hardened) {
    lines.push(
      `          securityContext:`,
      `            runAsNonRoot: true`,
      `            allowPrivilegeEscalation: false`,
      `            readOnlyRootFilesystem: true`,
      `            capabilities:`,
      `              drop: ["ALL"]`,
      `            seccompProfile:`,
      `              type: RuntimeDefault`,
    );
  } else if (r() < 0.2) {
    lines.push(`          securityContext:`, `            privileged: true`);
  }
  lines.push(
    `          livenessProbe:`,
    `            httpGet: {path: /healthz, port: http}`,
    `            initialDelaySeconds: 10`,
    `            periodSeconds: 10`,
    `          readinessProbe:`,
    `            httpGet: {path: /ready, port: http}`,
    `            periodSeconds: 5`,
    `          resources:`,
    `            limits: {cpu: 500m, memory: 256Mi}`,
    `            requests: {cpu: 100m, memory: 128Mi}`,
    `          env:`,
    `            - name: LOG_LEVEL`,
    `              value: info`,
    r() < 0.1
      ? `            - name: DB_PASSWORD\n              value: hunter2-${i}`
      : `            - name: DB_HOST\n              value: db.${app}.svc`,
  );
  return lines.join('\n');
}

function workload(r, kind, ns, app, i) {
  const head = {
    Deployment: 'apiVersion: apps/v1\nkind: Deployment',
    StatefulSet: 'apiVersion: apps/v1\nkind: StatefulSet',
    DaemonSet: 'apiVersion: apps/v1\nkind: DaemonSet',
    CronJob: 'apiVersion: batch/v1\nkind: CronJob',
  }[kind];
  const podSpec = [
    `      serviceAccountName: ${r() < 0.3 ? 'default' : app}`,
    r() < 0.2 ? `      hostNetwork: true` : `      automountServiceAccountToken: false`,
    `      containers:`,
    container(r, app, i),
    `      volumes:`,
    `        - name: config`,
    `          configMap:`,
    `            name: ${app}-config`,
    `            defaultMode: 0644`,
  ].join('\n');
  const template = `    metadata:\n      labels:\n        app.kubernetes.io/name: ${app}\n        app.kubernetes.io/part-of: shop\n    spec:\n${podSpec}`;
  if (kind === 'CronJob') {
    const indented = template
      .split('\n')
      .map((l) => `        ${l}`)
      .join('\n');
    return `${head}\n${meta(app, ns, app)}\nspec:\n  schedule: "*/5 * * * *"\n  jobTemplate:\n    spec:\n      template:\n${indented.replace(/^ {8}/gm, '        ')}\n`;
  }
  return `${head}\n${meta(app, ns, app)}\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: ${app}\n  template:\n${template}\n`;
}

const service = (r, ns, app) =>
  `apiVersion: v1\nkind: Service\n${meta(app, ns, app)}\nspec:\n  type: ${r() < 0.1 ? 'LoadBalancer' : 'ClusterIP'}\n  selector:\n    app.kubernetes.io/name: ${app}\n  ports:\n    - port: 80\n      targetPort: http\n`;

const configMap = (ns, app) =>
  `apiVersion: v1\nkind: ConfigMap\n${meta(`${app}-config`, ns, app)}\ndata:\n  app.properties: |\n    server.port=8080\n    feature.flags=a,b,c\n  LOG_FORMAT: json\n`;

const serviceAccount = (r, ns, app) =>
  `apiVersion: v1\nkind: ServiceAccount\n${meta(app, ns, app)}\nautomountServiceAccountToken: ${r() < 0.5 ? 'false' : 'true'}\n`;

const netpol = (ns, app) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n${meta(`${app}-ingress`, ns, app)}\nspec:\n  podSelector:\n    matchLabels:\n      app.kubernetes.io/name: ${app}\n  ingress:\n    - from:\n        - namespaceSelector:\n            matchLabels:\n              kubernetes.io/metadata.name: ${ns}\n          podSelector:\n            matchExpressions:\n              - {key: app.kubernetes.io/part-of, operator: In, values: [shop]}\n      ports:\n        - port: http\n          protocol: TCP\n`;

const role = (ns, app) =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\n${meta(app, ns, app)}\nrules:\n  - apiGroups: [""]\n    resources: ["configmaps"]\n    verbs: ["get", "list", "watch"]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\n${meta(app, ns, app)}\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: ${app}\nsubjects:\n  - kind: ServiceAccount\n    name: ${app}\n    namespace: ${ns}\n`;

const ingress = (ns, app) =>
  `apiVersion: networking.k8s.io/v1\nkind: Ingress\n${meta(app, ns, app)}\nspec:\n  rules:\n    - host: ${app}.example.com\n      http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              service:\n                name: ${app}\n                port:\n                  number: 80\n`;

/**
 * Writes about `objects` objects under `dir` and returns {files, objects, bytes}.
 * Each "app" is one file: a workload, its Service, ConfigMap, ServiceAccount and,
 * for some apps, a NetworkPolicy, Role+RoleBinding or Ingress.
 */
export function generateCluster(dir, objects, seed = 42) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const r = rng(seed);
  const namespaces = Math.max(1, Math.round(objects / 200));
  let count = 0;
  let files = 0;
  let bytes = 0;
  for (let i = 0; count < objects; i++) {
    const ns = `team-${i % namespaces}`;
    const app = `app-${i}`;
    const kind = pick(r, ['Deployment', 'Deployment', 'Deployment', 'StatefulSet', 'DaemonSet', 'CronJob']);
    const docs = [
      workload(r, kind, ns, app, i),
      service(r, ns, app),
      configMap(ns, app),
      serviceAccount(r, ns, app),
    ];
    const extra = r();
    if (extra < 0.5) docs.push(netpol(ns, app));
    else if (extra < 0.8) docs.push(role(ns, app));
    else docs.push(ingress(ns, app));
    if (i < namespaces)
      docs.push(
        `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n  labels:\n    pod-security.kubernetes.io/enforce: baseline\n`,
      );
    const text = docs.join('---\n');
    count += docs.length + (docs.some((d) => d.includes('kind: RoleBinding')) ? 1 : 0);
    const sub = join(dir, `ns-${i % namespaces}`);
    if (i < namespaces) mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `${app}.yaml`), text);
    files++;
    bytes += text.length;
  }
  return { files, objects: count, bytes };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir = 'bench/out/cluster', n = '10000', seed = '42'] = process.argv.slice(2);
  console.log(generateCluster(dir, Number(n), Number(seed)));
}
