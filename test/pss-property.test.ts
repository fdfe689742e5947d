/**
 * Property tests: arbitrary JSON shaped like pods — random types in every field the PSS
 * checks read — never make the library or a ZT-WL PSS check throw, and the answers stay
 * consistent (allowed iff no violation, only checks of the policy, paths inside the pod,
 * the same verdict in every workload kind, deterministic).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { workloadChecks } from '../src/checks/workload/index.js';
import { inventoryFromYaml } from '../src/input/load.js';
import { WORKLOAD_KINDS } from '../src/model/kinds.js';
import { checksAt, evaluatePod, evaluateWorkload, type PssPolicy } from '../src/pss/index.js';
import { scanYaml, wrapPod } from './support/scan.js';

type Obj = Record<string, unknown>;

const PSS_CHECKS = workloadChecks.filter((c) => /^ZT-WL-0(0\d|1\d)$/.test(c.meta.id));

/** Any JSON value, often of the wrong type for the field it lands in. */
const junk = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 8 }),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 }),
);

/** A field: absent, junk, or a plausible value. */
function field<T>(plausible: fc.Arbitrary<T>): fc.Arbitrary<T | unknown> {
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: junk },
    { weight: 3, arbitrary: plausible },
  );
}

function obj(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<unknown> {
  return field(fc.record(fields, { requiredKeys: [] }));
}

const names = fc.constantFrom('a', 'b', '', 'init', '__proto__', 'constructor');
const profile = obj({ type: field(fc.constantFrom('RuntimeDefault', 'Localhost', 'Unconfined', '', 'x')) });
const seLinux = obj({
  type: field(fc.constantFrom('', 'container_t', 'spc_t', 'container_engine_t')),
  user: field(fc.constantFrom('', 'u')),
  role: field(fc.constantFrom('', 'r')),
});
const windowsOptions = obj({ hostProcess: field(fc.boolean()) });
const capList = field(
  fc.array(field(fc.constantFrom('ALL', 'NET_BIND_SERVICE', 'SYS_ADMIN', 'CHOWN', '')), { maxLength: 3 }),
);
const handler = obj({
  httpGet: obj({ host: field(fc.constantFrom('', '10.0.0.1')), port: field(fc.integer()) }),
  tcpSocket: obj({ host: field(fc.constantFrom('', 'db')), port: field(fc.integer()) }),
});
const container = obj({
  name: field(names),
  image: field(fc.constant('nginx')),
  ports: field(
    fc.array(
      obj({
        containerPort: field(fc.integer({ min: -1, max: 70000 })),
        hostPort: field(fc.integer({ min: -1, max: 70000 })),
      }),
      {
        maxLength: 2,
      },
    ),
  ),
  securityContext: obj({
    privileged: field(fc.boolean()),
    allowPrivilegeEscalation: field(fc.boolean()),
    runAsNonRoot: field(fc.boolean()),
    runAsUser: field(fc.integer({ min: -1, max: 2 })),
    procMount: field(fc.constantFrom('Default', 'Unmasked')),
    capabilities: obj({ add: capList, drop: capList }),
    seLinuxOptions: seLinux,
    seccompProfile: profile,
    appArmorProfile: profile,
    windowsOptions,
  }),
  livenessProbe: handler,
  readinessProbe: handler,
  startupProbe: handler,
  lifecycle: obj({ postStart: handler, preStop: handler }),
});
const containers = field(fc.array(container, { maxLength: 3 }));
const volume = obj({
  name: field(names),
  hostPath: obj({ path: field(fc.constant('/')) }),
  emptyDir: field(fc.constant({})),
  nfs: field(fc.constant({ server: 's', path: '/' })),
  secret: field(fc.constant({ secretName: 's' })),
  unknownSource: field(fc.constant({})),
});
const annotationKeys = fc.constantFrom(
  'seccomp.security.alpha.kubernetes.io/pod',
  'container.seccomp.security.alpha.kubernetes.io/a',
  'container.apparmor.security.beta.kubernetes.io/a',
  'container.apparmor.security.beta.kubernetes.io/b',
  'other',
);
const annotationValues = fc.constantFrom(
  'runtime/default',
  'docker/default',
  'localhost/x',
  'localhost/',
  'unconfined',
  '',
  'x',
);

const podArb = fc.record({
  metadata: field(
    fc.record({
      name: fc.constant('p'),
      annotations: field(fc.dictionary(annotationKeys, field(annotationValues), { maxKeys: 3 })),
    }),
  ),
  spec: field(
    fc.record(
      {
        hostNetwork: field(fc.boolean()),
        hostPID: field(fc.boolean()),
        hostIPC: field(fc.boolean()),
        hostUsers: field(fc.boolean()),
        os: obj({ name: field(fc.constantFrom('linux', 'windows')) }),
        securityContext: obj({
          runAsNonRoot: field(fc.boolean()),
          runAsUser: field(fc.integer({ min: -1, max: 2 })),
          seLinuxOptions: seLinux,
          seccompProfile: profile,
          appArmorProfile: profile,
          windowsOptions,
          sysctls: field(
            fc.array(obj({ name: field(fc.constantFrom('kernel.shm_rmid_forced', 'kernel.msgmax')) }), {
              maxLength: 2,
            }),
          ),
        }),
        volumes: field(fc.array(volume, { maxLength: 3 })),
        initContainers: containers,
        containers,
        ephemeralContainers: containers,
      },
      { requiredKeys: [] },
    ),
  ),
});

const policyArb: fc.Arbitrary<PssPolicy> = fc.record({
  level: fc.constantFrom('privileged', 'baseline', 'restricted'),
  version: fc.oneof(
    fc.constant('latest'),
    fc.integer({ min: 0, max: 40 }).map((m) => `v1.${m}`),
  ),
});

/** JSON text (valid YAML) of a Pod with the generated metadata/spec; undefined fields vanish. */
function podJson(p: { metadata: unknown; spec: unknown }): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: p.metadata, spec: p.spec });
}

describe('PSS on arbitrary pod-shaped JSON', () => {
  it('evaluatePod never throws and its answer is consistent', () => {
    fc.assert(
      fc.property(podArb, policyArb, (p, policy) => {
        const e = evaluatePod(p, policy);
        expect(e.allowed).toBe(e.violations.length === 0);
        const active = checksAt(policy);
        expect(e.violations.every((v) => active.includes(v.check))).toBe(true);
        // Violations come in upstream order.
        const order = e.violations.map((v) => active.indexOf(v.check));
        expect(order).toEqual([...order].sort((a, b) => a - b));
        for (const v of e.violations) {
          expect(v.reason).not.toBe('');
          expect(v.fields.length).toBeGreaterThan(0);
          for (const f of v.fields) expect(['metadata', 'spec']).toContain(f.path[0]);
        }
        expect(evaluatePod(p, policy)).toEqual(e);
      }),
      { numRuns: 2000 },
    );
  });

  it('the verdict is the same for the Pod and for its template in every workload kind', () => {
    fc.assert(
      fc.property(podArb, policyArb, fc.constantFrom(...WORKLOAD_KINDS), (p, policy, kind) => {
        const text = podJson(p);
        const podResource = inventoryFromYaml(text, 'p.json').inventory.resources[0];
        fc.pre(podResource !== undefined);
        const bare = evaluateWorkload(inventoryFromYaml(text, 'p.json').inventory.workloads()[0]!, policy);
        const wrapped = inventoryFromYaml(
          JSON.stringify(wrapPod(podResource!.object as Obj, kind)),
          'w.json',
        );
        const w = wrapped.inventory.workloads()[0]!;
        const e = evaluateWorkload(w, policy);
        expect(e.violations.map((v) => [v.check, v.reason, v.detail])).toEqual(
          bare.violations.map((v) => [v.check, v.reason, v.detail]),
        );
        // Every path still resolves inside the object without throwing.
        for (const v of e.violations)
          for (const f of v.fields) expect(w.resource.locate(f.path).file).toBe('w.json');
      }),
      { numRuns: 500 },
    );
  });

  it('no ZT-WL PSS check throws, at any level and version', () => {
    expect(PSS_CHECKS.length).toBe(19);
    fc.assert(
      fc.property(podArb, policyArb, (p, policy) => {
        const level = policy.level === 'privileged' ? 'baseline' : policy.level;
        const result = scanYaml(podJson(p), PSS_CHECKS, { pss: { level, version: policy.version } });
        expect(result.errors).toEqual([]);
        // One finding per offending field of the library's answer for the same object.
        const w = inventoryFromYaml(podJson(p), 'x').inventory.workloads()[0];
        const expected = w
          ? evaluateWorkload(w, { level, version: policy.version }).violations.flatMap((v) => v.fields).length
          : 0;
        expect(result.findings.length).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });
});
