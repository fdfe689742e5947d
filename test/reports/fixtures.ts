/**
 * Scan results for the report tests. The checks here are defined by the tests (the real
 * catalogue grows while the reports are written), and the results come from the real
 * engine, so suppression, positions, scores and fingerprints are what users will see.
 */
import { inputChecks } from '../../src/checks/input/index.js';
import { defineCheck } from '../../src/engine/define-check.js';
import { runScan } from '../../src/engine/runner.js';
import type { Check, Finding, ScanResult } from '../../src/engine/types.js';
import { inventoryFromYaml } from '../../src/input/load.js';
import { containersOf } from '../../src/model/workloads.js';
import { DEFAULT_OPTIONS } from '../support/scan.js';

export const privileged = defineCheck({
  meta: {
    id: 'ZT-WL-901',
    slug: 'test-no-privileged',
    title: 'Containers must not run privileged',
    pillar: 'workload',
    severity: 'critical',
    description: 'A privileged container has every capability of the host.',
    remediation:
      'Set `securityContext.privileged: false`:\n\n```yaml\nsecurityContext:\n  privileged: false\n```',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/'],
    frameworks: [
      { framework: 'cis', control: '5.2.2' },
      { framework: 'nsa-cisa', control: 'Pod security' },
    ],
    sources: [{ tool: 'pod-security-admission', id: 'privileged', relation: 'same' }],
  },
  examples: { fail: [], pass: [] },
  target: 'workloads',
  check(w, ctx) {
    for (const c of containersOf(w)) {
      const sc = c.container.securityContext as { privileged?: unknown } | undefined;
      if (sc?.privileged === true)
        ctx.report({
          resource: w.resource,
          path: [...c.path, 'securityContext', 'privileged'],
          message: `Container "${c.name}" runs privileged.`,
        });
    }
  },
});

export const exposedService = defineCheck({
  meta: {
    id: 'ZT-EDGE-901',
    slug: 'test-no-nodeport',
    title: 'Services must not be NodePorts',
    pillar: 'perimeter',
    severity: 'medium',
    description: 'A NodePort opens a port on every node.',
    remediation: 'Use `type: ClusterIP` behind an Ingress.',
    references: [],
    frameworks: [{ framework: 'nsa-cisa', control: 'Network separation' }],
    sources: [{ tool: 'kubescape', id: 'C-0044', relation: 'inspired' }],
  },
  examples: { fail: [], pass: [] },
  target: 'resources',
  kinds: ['/Service'],
  check(r, ctx) {
    const spec = r.object.spec as { type?: unknown } | undefined;
    if (spec?.type === 'NodePort')
      ctx.report({ resource: r, path: ['spec', 'type'], message: `Service ${r.ref.name} is a NodePort.` });
  },
});

export const clusterRoleCheck = defineCheck({
  meta: {
    id: 'ZT-ID-901',
    slug: 'test-no-wildcard-clusterrole',
    title: 'ClusterRoles must not use wildcards',
    pillar: 'identity',
    severity: 'high',
    description: 'A wildcard grants every verb on every resource, including ones added later.',
    remediation: 'List the verbs and resources.',
    references: [],
    frameworks: [],
    sources: [],
  },
  examples: { fail: [], pass: [] },
  target: 'resources',
  kinds: ['rbac.authorization.k8s.io/ClusterRole'],
  check(r, ctx) {
    const rules = (r.object as { rules?: Array<{ verbs?: unknown }> }).rules ?? [];
    rules.forEach((rule, i) => {
      if (Array.isArray(rule.verbs) && rule.verbs.includes('*'))
        ctx.report({ resource: r, path: ['rules', i, 'verbs'], message: 'Wildcard verb.' });
    });
  },
});

/** A check that crashes on one kind of object, to exercise error reporting. */
export const crashing = defineCheck({
  meta: {
    id: 'ZT-MON-901',
    slug: 'test-crashes',
    title: 'Crashes on ConfigMaps',
    pillar: 'monitoring',
    severity: 'low',
    description: 'Test check.',
    remediation: 'None.',
    references: [],
    frameworks: [],
    sources: [],
  },
  examples: { fail: [], pass: [] },
  target: 'resources',
  kinds: ['/ConfigMap'],
  check(r) {
    throw new Error(`boom on ${r.ref.name}`);
  },
});

export const TEST_CHECKS: readonly Check[] = [
  ...inputChecks,
  privileged,
  exposedService,
  clusterRoleCheck,
  crashing,
];

export const SAMPLE_YAML = `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: prod
spec:
  containers:
    - name: app
      image: nginx
      securityContext:
        privileged: true
---
apiVersion: v1
kind: Pod
metadata:
  name: accepted
  namespace: prod
  annotations:
    kzt.io/ignore: ZT-WL-901
    kzt.io/ignore-reason: needs the host network stack (ticket OPS-12)
spec:
  containers:
    - name: agent
      image: agent
      securityContext:
        privileged: true
---
apiVersion: v1
kind: Service
metadata:
  name: edge
  namespace: dev
spec:
  type: NodePort
  ports: [{ port: 80 }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: too-wide
rules:
  - apiGroups: ['']
    resources: ['pods']
    verbs: ['*']
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
  namespace: dev
data: {}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: broken
data: [unclosed
`;

/** A realistic result: findings in three pillars, one suppressed by annotation, one input finding, one check error. */
export function sampleResult(): ScanResult {
  const loaded = inventoryFromYaml(SAMPLE_YAML, 'manifests/app.yaml');
  return runScan({
    inventory: loaded.inventory,
    checks: TEST_CHECKS,
    options: DEFAULT_OPTIONS,
    documentProblems: loaded.documentProblems,
    issues: loaded.issues,
    files: 1,
    config: {
      exclusions: [
        {
          checks: ['ZT-EDGE-901'],
          namespaces: ['dev'],
          reason: 'dev cluster is not reachable from outside',
          expires: '2099-01-31',
        },
      ],
    },
    today: '2026-11-27',
  });
}

/**
 * A result whose manifest-derived strings are the given text, for escaping properties:
 * object name, namespace, message, path and file all carry it.
 */
export function resultWithText(text: string, base: ScanResult = sampleResult()): ScanResult {
  const f: Finding = {
    checkId: 'ZT-WL-901',
    slug: 'test-no-privileged',
    pillar: 'workload',
    severity: 'high',
    message: text,
    resource: { apiVersion: 'v1', kind: 'Pod', namespace: `ns-${text}`, name: text },
    location: { file: `dir/${text}.yaml`, line: 3, column: 5 },
    path: `metadata.labels[${JSON.stringify(text)}]`,
    suppressed: false,
    fingerprint: 'ffffffffffffffffffff',
  };
  return {
    ...base,
    findings: [f],
    errors: [{ code: 'check-failed', checkId: 'ZT-WL-901', message: `error ${text}` }],
    warnings: [{ code: 'not-kubernetes', message: `warning ${text}` }],
    summary: { ...base.summary, findings: 1, suppressed: 0, errors: 1, warnings: 1 },
  };
}

/** Many findings spread over objects and checks, for the performance test. */
export function bigResult(n: number): ScanResult {
  const base = sampleResult();
  const metas = base.checks.filter((m) => m.pillar !== 'input');
  const findings: Finding[] = [];
  for (let i = 0; i < n; i++) {
    const m = metas[i % metas.length]!;
    findings.push({
      checkId: m.id,
      slug: m.slug,
      pillar: m.pillar,
      severity: (['critical', 'high', 'medium', 'low', 'info'] as const)[i % 5]!,
      message: `Finding number ${i} on a container with a reasonably long explanation of what is wrong.`,
      resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: `ns-${i % 97}`, name: `app-${i}` },
      location: { file: `charts/app-${i % 50}/deployment.yaml`, line: (i % 400) + 1, column: 7 },
      path: `spec.template.spec.containers[${i % 3}].securityContext`,
      suppressed: i % 10 === 0,
      ...(i % 10 === 0 ? { suppression: { by: 'config' as const, reason: 'accepted risk' } } : {}),
      fingerprint: i.toString(16).padStart(20, '0'),
    });
  }
  return { ...base, findings, errors: [], warnings: [] };
}
