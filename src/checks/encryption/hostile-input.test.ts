/**
 * Bad input never crashes: every check of the non-PSS workload (ZT-WL-020+), identity
 * (ZT-ID-001..019), encryption, perimeter and monitoring ranges runs over objects whose
 * fields have the right names but arbitrary JSON values at every level.
 */
import fc from 'fast-check';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { scanYaml } from '../../../test/support/scan.js';
import { ALL_CHECKS } from '../index.js';

const MINE = ALL_CHECKS.filter((c) =>
  /^ZT-(WL-0[2-4]\d|ID-0(0\d|1\d)|ENC-\d{3}|EDGE-\d{3}|MON-\d{3})$/.test(c.meta.id),
);

const any = fc.jsonValue({ maxDepth: 3 });
const field = <T>(keys: readonly string[], value: fc.Arbitrary<T>) =>
  fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: keys.length });

const CONTAINER_KEYS = [
  'name',
  'image',
  'imagePullPolicy',
  'env',
  'envFrom',
  'args',
  'command',
  'securityContext',
  'volumeMounts',
  'resources',
] as const;
const envItem = fc.oneof(field(['name', 'value', 'valueFrom'], fc.oneof(any, fc.string())), any);
const container = fc.oneof(
  field(
    CONTAINER_KEYS,
    fc.oneof(
      any,
      fc.array(envItem, { maxLength: 3 }),
      field(
        ['readOnlyRootFilesystem', 'limits', 'memory', 'secretKeyRef', 'secretRef', 'name', 'readOnly'],
        any,
      ),
    ),
  ),
  any,
);
const volume = fc.oneof(
  field(
    ['name', 'hostPath', 'projected', 'secret'],
    fc.oneof(any, field(['path', 'sources', 'secretName', 'type'], any)),
  ),
  any,
);
const podSpec = fc.oneof(
  fc.record(
    {
      containers: fc.oneof(fc.array(container, { maxLength: 3 }), any),
      initContainers: fc.oneof(fc.array(container, { maxLength: 2 }), any),
      ephemeralContainers: fc.oneof(fc.array(container, { maxLength: 1 }), any),
      volumes: fc.oneof(fc.array(volume, { maxLength: 3 }), any),
      serviceAccountName: any,
      serviceAccount: any,
      automountServiceAccountToken: any,
      shareProcessNamespace: any,
      resources: any,
      os: any,
    },
    { requiredKeys: [] },
  ),
  any,
);
const metadata = (name: string) =>
  fc.record(
    { name: fc.constant(name), namespace: fc.constant('ns'), labels: any, annotations: any },
    { requiredKeys: ['name'] },
  );

const documents = fc.tuple(
  fc.record({
    apiVersion: fc.constant('v1'),
    kind: fc.constant('Namespace'),
    metadata: fc.record(
      {
        name: fc.constant('ns'),
        labels: fc.oneof(
          any,
          field(
            ['pod-security.kubernetes.io/enforce', 'pod-security.kubernetes.io/enforce-version'],
            fc.oneof(
              any,
              fc.constantFrom('privileged', 'baseline', 'restricted', 'latest', 'v1.30', 'bogus'),
            ),
          ),
        ),
      },
      { requiredKeys: ['name'] },
    ),
  }),
  fc.record({
    apiVersion: fc.constant('v1'),
    kind: fc.constant('Pod'),
    metadata: metadata('p'),
    spec: podSpec,
  }),
  fc.record({
    apiVersion: fc.constant('apps/v1'),
    kind: fc.constant('Deployment'),
    metadata: metadata('d'),
    spec: fc.oneof(fc.record({ template: fc.oneof(fc.record({ metadata: any, spec: podSpec }), any) }), any),
  }),
  fc.record({
    apiVersion: fc.constant('v1'),
    kind: fc.constant('Service'),
    metadata: metadata('s'),
    spec: fc.oneof(
      field(['type', 'ports', 'externalIPs', 'loadBalancerSourceRanges', 'loadBalancerClass'], any),
      any,
    ),
  }),
  fc.record({
    apiVersion: fc.constant('networking.k8s.io/v1'),
    kind: fc.constant('Ingress'),
    metadata: metadata('i'),
    spec: fc.oneof(field(['tls', 'rules', 'defaultBackend', 'ingressClassName'], any), any),
  }),
  fc.record({
    apiVersion: fc.constant('v1'),
    kind: fc.constant('Secret'),
    metadata: metadata('sec'),
    type: any,
    data: any,
    stringData: any,
  }),
  fc.record({
    apiVersion: fc.constant('v1'),
    kind: fc.constant('ConfigMap'),
    metadata: metadata('cm'),
    data: fc.oneof(fc.dictionary(fc.string(), fc.oneof(fc.string(), any)), any),
    binaryData: any,
  }),
  fc.record({
    apiVersion: fc.constant('v1'),
    kind: fc.constant('ServiceAccount'),
    metadata: metadata('default'),
    automountServiceAccountToken: any,
  }),
  fc.record({
    apiVersion: fc.constant('rbac.authorization.k8s.io/v1'),
    kind: fc.constant('RoleBinding'),
    metadata: metadata('rb'),
    subjects: any,
  }),
  fc.record({
    apiVersion: fc.constant('v1'),
    kind: fc.constant('LimitRange'),
    metadata: metadata('lr'),
    spec: any,
  }),
  fc.record({
    apiVersion: fc.constant('v1'),
    kind: fc.constant('Namespace'),
    metadata: fc.record({ name: fc.constant('ns'), labels: any, annotations: any }),
  }),
  fc.record({
    apiVersion: fc.constant('audit.k8s.io/v1'),
    kind: fc.constant('Policy'),
    metadata: metadata('a'),
    rules: fc.oneof(
      fc.array(field(['level', 'users', 'verbs', 'namespaces', 'resources', 'nonResourceURLs'], any), {
        maxLength: 3,
      }),
      any,
    ),
  }),
  fc.record({
    apiVersion: fc.constant('apiserver.config.k8s.io/v1'),
    kind: fc.constant('EncryptionConfiguration'),
    metadata: metadata('e'),
    resources: any,
  }),
  fc.record({
    apiVersion: fc.constant('gateway.networking.k8s.io/v1'),
    kind: fc.constant('Gateway'),
    metadata: metadata('gw'),
    spec: fc.oneof(
      fc.record({
        listeners: fc.oneof(
          fc.array(
            field(
              ['name', 'protocol', 'port', 'hostname', 'allowedRoutes'],
              fc.oneof(any, fc.constant('HTTP')),
            ),
            {
              maxLength: 2,
            },
          ),
          any,
        ),
      }),
      any,
    ),
  }),
  fc.record({
    apiVersion: fc.constant('gateway.networking.k8s.io/v1'),
    kind: fc.constant('HTTPRoute'),
    metadata: metadata('r'),
    spec: fc.oneof(
      fc.record({
        parentRefs: fc.oneof(
          fc.array(
            fc.oneof(
              fc.record({ name: fc.constant('gw') }),
              field(['name', 'namespace', 'sectionName', 'port', 'kind', 'group'], any),
            ),
            { maxLength: 2 },
          ),
          any,
        ),
        hostnames: any,
        rules: any,
      }),
      any,
    ),
  }),
  fc.record({
    apiVersion: fc.constant('networking.istio.io/v1'),
    kind: fc.constant('DestinationRule'),
    metadata: metadata('dr'),
    spec: fc.oneof(
      fc.record({ host: fc.oneof(fc.constant('reviews'), any), trafficPolicy: any, subsets: any }),
      fc.record({
        host: fc.constant('reviews'),
        trafficPolicy: field(['tls', 'portLevelSettings'], fc.oneof(any, fc.constant({ mode: 'DISABLE' }))),
        subsets: fc.array(field(['name', 'trafficPolicy'], any), { maxLength: 2 }),
      }),
      any,
    ),
  }),
  fc.record({
    apiVersion: fc.constant('security.istio.io/v1'),
    kind: fc.constant('PeerAuthentication'),
    metadata: metadata('pa'),
    spec: fc.oneof(field(['mtls', 'portLevelMtls', 'selector'], any), any),
  }),
);

describe('hostile input', () => {
  it(`${MINE.length} checks never throw on wrongly typed fields`, () => {
    expect(MINE.map((c) => c.meta.id).length, 'every check of these ranges is registered').toBe(29);
    fc.assert(
      fc.property(documents, (docs) => {
        const text = docs.map((d) => yaml.dump(d, { noRefs: true })).join('---\n');
        const r = scanYaml(text, MINE);
        expect(r.errors).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
