/**
 * The PSS library against tables of cases: upstream's wording (reasons, details, the
 * aggregated message and its order), versions and clamping, the registry per level and
 * version (overrides), what the API server does before PodSecurity sees a pod, and the
 * type policy for hostile input.
 */
import { describe, expect, it } from 'vitest';
import { inventoryFromYaml } from '../src/input/load.js';
import { formatPath } from '../src/model/types.js';
import { goCompare, goQuote } from '../src/pss/format.js';
import {
  checksAt,
  denialMessage,
  enforcePolicyOf,
  evaluatePod,
  evaluateWorkload,
  forbiddenDetail,
  forbiddenReason,
  InvalidPssPolicyError,
  NEWEST_MINOR,
  type PodEvaluation,
  type PssPolicy,
  parseVersion,
} from '../src/pss/index.js';
import { toYaml, wrapPod } from './support/scan.js';

type Obj = Record<string, unknown>;
const RESTRICTED: PssPolicy = { level: 'restricted', version: 'latest' };
const BASELINE: PssPolicy = { level: 'baseline', version: 'latest' };

/** A pod whose every container is restricted-compliant unless `override` changes it. */
function container(name: string, securityContext: Obj = {}, extra: Obj = {}): Obj {
  return {
    name,
    image: 'registry.k8s.io/pause',
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, ...securityContext },
    ...extra,
  };
}
function pod(spec: Obj, metadata: Obj = { name: 'p' }): { metadata: Obj; spec: Obj } {
  return {
    metadata,
    spec: {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [container('a')],
      ...spec,
    },
  };
}
const only = (e: PodEvaluation) => e.violations.map((v) => [v.check, v.reason, v.detail]);

describe('versions', () => {
  it.each(['latest', 'v1.0', 'v1.9', 'v1.10', 'v1.37', 'v1.99'])('accepts %s', (v) => {
    expect(() => parseVersion(v)).not.toThrow();
  });
  it.each([
    '',
    'v1',
    'v1.',
    'v1.05',
    'v2.0',
    'V1.2',
    ' v1.2',
    'v1.2 ',
    '1.2',
    'v1.-1',
    'v1.2.3',
    'Latest',
    'v1.99999999999999999999',
  ])('rejects %j with a message naming it', (v) => {
    expect(() => parseVersion(v)).toThrow(`invalid Pod Security Standards version ${JSON.stringify(v)}`);
    expect(() => evaluatePod(pod({}), { level: 'baseline', version: v })).toThrow(InvalidPssPolicyError);
  });
  it('rejects an unknown level', () => {
    expect(() => evaluatePod(pod({}), { level: 'strict' as 'baseline', version: 'latest' })).toThrow(
      'invalid Pod Security Standards level "strict": expected privileged, baseline or restricted',
    );
  });
  it('clamps latest and newer versions to the newest check version, and messages keep the requested one', () => {
    expect(NEWEST_MINOR).toBe(37);
    const bad = pod({ hostPID: true });
    for (const version of ['latest', 'v1.38', 'v1.500']) {
      const e = evaluatePod(bad, { level: 'baseline', version });
      expect(e.version).toBe('v1.37');
      expect(e.requestedVersion).toBe(version);
      expect(denialMessage(e)).toBe(
        `violates PodSecurity "baseline:${version}": host namespaces (hostPID=true)`,
      );
    }
    expect(evaluatePod(bad, { level: 'baseline', version: 'v1.20' }).version).toBe('v1.20');
  });
});

describe('the registry: which checks run, in upstream order', () => {
  const BASELINE_1_0 = [
    'appArmorProfile',
    'capabilities_baseline',
    'hostNamespaces',
    'hostPathVolumes',
    'hostPorts',
    'privileged',
    'procMount',
    'seLinuxOptions',
    'seccompProfile_baseline',
    'sysctls',
    'windowsHostProcess',
  ];
  it('baseline v1.0 and v1.33: the eleven original checks, sorted by id in byte order', () => {
    expect(checksAt({ level: 'baseline', version: 'v1.0' })).toEqual(BASELINE_1_0);
    expect(checksAt({ level: 'baseline', version: 'v1.33' })).toEqual(BASELINE_1_0);
  });
  it('baseline v1.34 adds hostProbesAndHostLifecycle', () => {
    const expected = [...BASELINE_1_0];
    expected.splice(5, 0, 'hostProbesAndHostLifecycle');
    expect(checksAt({ level: 'baseline', version: 'v1.34' })).toEqual(expected);
  });
  it('restricted v1.0: restrictedVolumes replaces hostPathVolumes; runAsNonRoot', () => {
    expect(checksAt({ level: 'restricted', version: 'v1.0' })).toEqual([
      ...BASELINE_1_0.filter((c) => c !== 'hostPathVolumes'),
      'restrictedVolumes',
      'runAsNonRoot',
    ]);
  });
  it.each([
    ['v1.7', ['restrictedVolumes', 'runAsNonRoot'], ['hostPathVolumes']],
    ['v1.8', ['allowPrivilegeEscalation', 'restrictedVolumes', 'runAsNonRoot'], ['hostPathVolumes']],
    [
      'v1.19',
      ['allowPrivilegeEscalation', 'restrictedVolumes', 'runAsNonRoot', 'seccompProfile_restricted'],
      ['hostPathVolumes', 'seccompProfile_baseline'],
    ],
    [
      'v1.22',
      [
        'allowPrivilegeEscalation',
        'capabilities_restricted',
        'restrictedVolumes',
        'runAsNonRoot',
        'seccompProfile_restricted',
      ],
      ['capabilities_baseline', 'hostPathVolumes', 'seccompProfile_baseline'],
    ],
    [
      'v1.23',
      [
        'allowPrivilegeEscalation',
        'capabilities_restricted',
        'restrictedVolumes',
        'runAsNonRoot',
        'runAsUser',
        'seccompProfile_restricted',
      ],
      ['capabilities_baseline', 'hostPathVolumes', 'seccompProfile_baseline'],
    ],
    [
      'latest',
      [
        'allowPrivilegeEscalation',
        'capabilities_restricted',
        'procMount_restricted',
        'restrictedVolumes',
        'runAsNonRoot',
        'runAsUser',
        'seccompProfile_restricted',
      ],
      ['capabilities_baseline', 'hostPathVolumes', 'procMount', 'seccompProfile_baseline'],
    ],
  ])('restricted %s: baseline checks (minus overridden) then %j', (version, restrictedIds, overridden) => {
    const ids = checksAt({ level: 'restricted', version });
    const baseline = checksAt({ level: 'baseline', version }).filter((c) => !overridden.includes(c));
    expect(ids).toEqual([...baseline, ...restrictedIds]);
  });
  it('privileged runs nothing', () => {
    expect(checksAt({ level: 'privileged', version: 'latest' })).toEqual([]);
    const e = evaluatePod(
      pod({ hostPID: true, containers: [{ name: 'x', securityContext: { privileged: true } }] }),
      {
        level: 'privileged',
        version: 'latest',
      },
    );
    expect(e.allowed).toBe(true);
  });
});

describe("upstream's reasons and details", () => {
  it('hostNamespaces', () => {
    expect(only(evaluatePod(pod({ hostNetwork: true, hostPID: true, hostIPC: true }), BASELINE))).toEqual([
      ['hostNamespaces', 'host namespaces', 'hostNetwork=true, hostPID=true, hostIPC=true'],
    ]);
  });
  it('privileged: init, regular, ephemeral, pluralised', () => {
    const p = pod({
      initContainers: [container('i', { privileged: true })],
      containers: [container('a', { privileged: true }), container('b', { privileged: false })],
      ephemeralContainers: [container('e', { privileged: true })],
    });
    expect(only(evaluatePod(p, BASELINE))).toEqual([
      ['privileged', 'privileged', 'containers "i", "a", "e" must not set securityContext.privileged=true'],
    ]);
    const one = pod({ containers: [container('a', { privileged: true })] });
    expect(only(evaluatePod(one, BASELINE))[0]![2]).toBe(
      'container "a" must not set securityContext.privileged=true',
    );
  });
  it('capabilities_baseline: the set of capabilities is sorted and unique', () => {
    const p = pod({
      containers: [
        container('a', { capabilities: { add: ['FOO', 'CHOWN', 'BAR'] } }),
        container('b', { capabilities: { add: ['FOO'] } }),
        container('c', { capabilities: { add: ['KILL'] } }),
      ],
    });
    expect(only(evaluatePod(p, BASELINE))).toEqual([
      [
        'capabilities_baseline',
        'non-default capabilities',
        'containers "a", "b" must not include "BAR", "FOO" in securityContext.capabilities.add',
      ],
    ]);
  });
  it('hostPathVolumes', () => {
    const p = pod({
      volumes: [
        { name: 'a', hostPath: { path: '/' } },
        { name: 'b', emptyDir: {} },
        { name: 'c', hostPath: {} },
      ],
    });
    expect(only(evaluatePod(p, BASELINE))).toEqual([
      ['hostPathVolumes', 'hostPath volumes', 'volumes "a", "c"'],
    ]);
  });
  it('hostPorts: ports are sorted as strings, as upstream sets.String does', () => {
    const p = pod({
      containers: [
        container(
          'a',
          {},
          {
            ports: [
              { containerPort: 1, hostPort: 80 },
              { containerPort: 2, hostPort: 0 },
            ],
          },
        ),
        container(
          'b',
          {},
          {
            ports: [
              { containerPort: 3, hostPort: 10000 },
              { containerPort: 4, hostPort: 80 },
            ],
          },
        ),
      ],
    });
    expect(only(evaluatePod(p, BASELINE))).toEqual([
      ['hostPorts', 'hostPort', 'containers "a", "b" use hostPorts 10000, 80'],
    ]);
    const one = pod({ containers: [container('a', {}, { ports: [{ containerPort: 1, hostPort: 8080 }] })] });
    expect(only(evaluatePod(one, BASELINE))[0]![2]).toBe('container "a" uses hostPort 8080');
  });
  it('appArmorProfile: fields and annotations', () => {
    const p = pod(
      {
        securityContext: { appArmorProfile: { type: 'Unconfined' }, runAsNonRoot: true },
        containers: [container('a', { appArmorProfile: { type: 'Unconfined' } }), container('b')],
      },
      {
        name: 'p',
        annotations: {
          'container.apparmor.security.beta.kubernetes.io/b': 'unconfined',
          'container.apparmor.security.beta.kubernetes.io/a': 'bogus',
          'container.apparmor.security.beta.kubernetes.io/c': '',
          'container.apparmor.security.beta.kubernetes.io/d': 'localhost/x',
        },
      },
    );
    expect(only(evaluatePod(p, BASELINE))).toEqual([
      [
        'appArmorProfile',
        'forbidden AppArmor profiles',
        'pod and container "a" must not set securityContext.appArmorProfile.type to "Unconfined"; container.apparmor.security.beta.kubernetes.io/a="bogus", container.apparmor.security.beta.kubernetes.io/b="unconfined"',
      ],
    ]);
    const annotationOnly = pod(
      {},
      { name: 'p', annotations: { 'container.apparmor.security.beta.kubernetes.io/a': 'unconfined' } },
    );
    expect(only(evaluatePod(annotationOnly, BASELINE))).toEqual([
      [
        'appArmorProfile',
        'forbidden AppArmor profile',
        'container.apparmor.security.beta.kubernetes.io/a="unconfined"',
      ],
    ]);
  });
  it('seLinuxOptions: setters, types, user and role', () => {
    const p = pod({
      securityContext: { runAsNonRoot: true, seLinuxOptions: { type: 'foo', user: 'u' } },
      containers: [
        container('a', { seLinuxOptions: { type: 'bar', role: 'r' } }),
        container('b', { seLinuxOptions: { type: 'container_t', level: 's0' } }),
        container('c', { seLinuxOptions: { type: 'foo' } }),
      ],
    });
    expect(only(evaluatePod(p, BASELINE))).toEqual([
      [
        'seLinuxOptions',
        'seLinuxOptions',
        'pod and containers "a", "c" set forbidden securityContext.seLinuxOptions: types "bar", "foo"; user may not be set; role may not be set',
      ],
    ]);
  });
  it('procMount', () => {
    const p = pod({
      containers: [
        container('a', { procMount: 'Unmasked' }),
        container('b', { procMount: 'Default' }),
        container('c', { procMount: 'other' }),
      ],
    });
    expect(only(evaluatePod(p, BASELINE))).toEqual([
      [
        'procMount',
        'procMount',
        'containers "a", "c" must not set securityContext.procMount to "Unmasked", "other"',
      ],
    ]);
  });
  it('seccompProfile_baseline (v1.0, annotations; v1.19, fields)', () => {
    const annotated = pod(
      { securityContext: { runAsNonRoot: true } },
      {
        name: 'p',
        annotations: {
          'seccomp.security.alpha.kubernetes.io/pod': 'unconfined',
          'container.seccomp.security.alpha.kubernetes.io/a': 'bogus',
          'container.seccomp.security.alpha.kubernetes.io/gone': 'unconfined',
        },
      },
    );
    expect(only(evaluatePod(annotated, { level: 'baseline', version: 'v1.18' }))).toEqual([
      [
        'seccompProfile_baseline',
        'seccompProfile',
        'forbidden annotations container.seccomp.security.alpha.kubernetes.io/a="bogus", seccomp.security.alpha.kubernetes.io/pod="unconfined"',
      ],
    ]);
    const fields = pod({
      securityContext: { seccompProfile: { type: 'Unconfined' } },
      containers: [
        container('a', { seccompProfile: { type: 'Bogus' } }),
        container('b', { seccompProfile: { type: 'Localhost' } }),
      ],
    });
    expect(only(evaluatePod(fields, { level: 'baseline', version: 'v1.19' }))).toEqual([
      [
        'seccompProfile_baseline',
        'seccompProfile',
        'pod and container "a" must not set securityContext.seccompProfile.type to "Bogus", "Unconfined"',
      ],
    ]);
  });
  it('sysctls: in order, unquoted, duplicates kept', () => {
    const p = pod({
      securityContext: {
        runAsNonRoot: true,
        sysctls: [{ name: 'b.x' }, { name: 'kernel.shm_rmid_forced' }, { name: 'a.y' }, { name: 'b.x' }],
      },
    });
    expect(only(evaluatePod(p, BASELINE))).toEqual([['sysctls', 'forbidden sysctls', 'b.x, a.y, b.x']]);
  });
  it('windowsHostProcess', () => {
    const p = pod({
      securityContext: { windowsOptions: { hostProcess: true } },
      containers: [
        container('a', { windowsOptions: { hostProcess: true } }),
        container('b', { windowsOptions: { hostProcess: false } }),
      ],
    });
    expect(only(evaluatePod(p, BASELINE))).toEqual([
      [
        'windowsHostProcess',
        'hostProcess',
        'pod and container "a" must not set securityContext.windowsOptions.hostProcess=true',
      ],
    ]);
  });
  it('hostProbesAndHostLifecycle (v1.34)', () => {
    const p = pod({
      containers: [
        container(
          'a',
          {},
          {
            livenessProbe: { httpGet: { host: 'b.example', port: 80 } },
            lifecycle: { preStop: { tcpSocket: { host: 'a.example', port: 1 } } },
          },
        ),
        container('b', {}, { readinessProbe: { httpGet: { host: '', port: 80 } } }),
        container('c', {}, { startupProbe: { tcpSocket: { host: 'a.example', port: 1 } } }),
      ],
    });
    expect(only(evaluatePod(p, BASELINE))).toEqual([
      [
        'hostProbesAndHostLifecycle',
        'probe or lifecycle host',
        'containers "a", "c" use probe or lifecycle hosts "a.example", "b.example"',
      ],
    ]);
    expect(evaluatePod(p, { level: 'baseline', version: 'v1.33' }).allowed).toBe(true);
  });
  it('restrictedVolumes: volume names and sorted types', () => {
    const p = pod({
      volumes: [
        { name: 'a', nfs: { server: 's', path: '/' } },
        { name: 'b', secret: { secretName: 's' } },
        { name: 'c', hostPath: { path: '/' } },
        { name: 'd', nfs: { server: 's', path: '/' } },
      ],
    });
    expect(only(evaluatePod(p, RESTRICTED))).toEqual([
      [
        'restrictedVolumes',
        'restricted volume types',
        'volumes "a", "c", "d" use restricted volume types "hostPath", "nfs"',
      ],
    ]);
  });
  it('allowPrivilegeEscalation', () => {
    const p = pod({
      containers: [container('a', { allowPrivilegeEscalation: true }), { name: 'b' }, container('c')],
    });
    expect(only(evaluatePod(p, RESTRICTED)).find((v) => v[0] === 'allowPrivilegeEscalation')).toEqual([
      'allowPrivilegeEscalation',
      'allowPrivilegeEscalation != false',
      'containers "a", "b" must set securityContext.allowPrivilegeEscalation=false',
    ]);
  });
  it('runAsNonRoot: explicit false wins over implicit', () => {
    const explicit = pod({
      securityContext: { runAsNonRoot: false, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [container('a', { runAsNonRoot: false }), container('b')],
    });
    expect(only(evaluatePod(explicit, RESTRICTED))).toEqual([
      [
        'runAsNonRoot',
        'runAsNonRoot != true',
        'pod and container "a" must not set securityContext.runAsNonRoot=false',
      ],
    ]);
    const implicit = pod({
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      containers: [container('a'), container('b', { runAsNonRoot: true }), container('c')],
    });
    expect(only(evaluatePod(implicit, RESTRICTED))).toEqual([
      [
        'runAsNonRoot',
        'runAsNonRoot != true',
        'pod or containers "a", "c" must set securityContext.runAsNonRoot=true',
      ],
    ]);
  });
  it('runAsUser', () => {
    const p = pod({
      securityContext: { runAsNonRoot: true, runAsUser: 0, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [container('a', { runAsUser: 0 }), container('b', { runAsUser: 1 })],
    });
    expect(only(evaluatePod(p, RESTRICTED))).toEqual([
      ['runAsUser', 'runAsUser=0', 'pod and container "a" must not set runAsUser=0'],
    ]);
  });
  it('seccompProfile_restricted: explicit then implicit', () => {
    const implicit = pod({
      securityContext: { runAsNonRoot: true },
      containers: [container('a'), container('b', { seccompProfile: { type: 'Localhost' } }), container('c')],
    });
    expect(only(evaluatePod(implicit, RESTRICTED))).toEqual([
      [
        'seccompProfile_restricted',
        'seccompProfile',
        'pod or containers "a", "c" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"',
      ],
    ]);
    const explicit = pod({ containers: [container('a', { seccompProfile: { type: 'Unconfined' } })] });
    expect(only(evaluatePod(explicit, RESTRICTED))).toEqual([
      [
        'seccompProfile_restricted',
        'seccompProfile',
        'container "a" must not set securityContext.seccompProfile.type to "Unconfined"',
      ],
    ]);
  });
  it('capabilities_restricted: both parts joined by "; "', () => {
    const p = pod({
      containers: [
        { name: 'a', securityContext: { allowPrivilegeEscalation: false } },
        container('b', { capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE', 'SYS_TIME', 'CHOWN'] } }),
        container('c', { capabilities: { drop: ['NET_RAW'], add: ['CHOWN'] } }),
      ],
    });
    expect(only(evaluatePod(p, RESTRICTED))).toEqual([
      [
        'capabilities_restricted',
        'unrestricted capabilities',
        'containers "a", "c" must set securityContext.capabilities.drop=["ALL"]; containers "b", "c" must not include "CHOWN", "SYS_TIME" in securityContext.capabilities.add',
      ],
    ]);
  });
  it('the aggregated message: baseline checks first, then restricted, each sorted by id', () => {
    const p = {
      metadata: { name: 'x' },
      spec: {
        hostNetwork: true,
        containers: [{ name: 'x', image: 'i', securityContext: { privileged: true } }],
      },
    };
    const e = evaluatePod(p, RESTRICTED);
    expect(e.violations.map((v) => v.check)).toEqual([
      'hostNamespaces',
      'privileged',
      'allowPrivilegeEscalation',
      'capabilities_restricted',
      'runAsNonRoot',
      'seccompProfile_restricted',
    ]);
    expect(forbiddenReason(e.violations)).toBe(
      'host namespaces, privileged, allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile',
    );
    expect(denialMessage(e)).toBe(
      'violates PodSecurity "restricted:latest": host namespaces (hostNetwork=true), privileged (container "x" must not set securityContext.privileged=true), allowPrivilegeEscalation != false (container "x" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "x" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "x" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "x" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    );
    expect(forbiddenDetail([])).toBe('');
    expect(denialMessage(evaluatePod(pod({}), RESTRICTED))).toBe('');
  });
});

describe('what the API server does before PodSecurity sees the pod', () => {
  it('a volume with no source is defaulted to emptyDir (allowed at restricted)', () => {
    expect(evaluatePod(pod({ volumes: [{ name: 'scratch' }] }), RESTRICTED).allowed).toBe(true);
    // An unknown key is dropped by decoding, then the default applies.
    expect(evaluatePod(pod({ volumes: [{ name: 'x', emptydir: {} }] }), RESTRICTED).allowed).toBe(true);
  });
  it('hostNetwork defaults hostPort to containerPort for containers and init containers', () => {
    const p = pod({
      hostNetwork: true,
      initContainers: [container('i', {}, { ports: [{ containerPort: 9000 }] })],
      containers: [
        container('a', {}, { ports: [{ containerPort: 80 }, { containerPort: 443, hostPort: 8443 }] }),
      ],
    });
    const hostPorts = evaluatePod(p, BASELINE).violations.find((v) => v.check === 'hostPorts')!;
    expect(hostPorts.detail).toBe('containers "i", "a" use hostPorts 80, 8443, 9000');
    expect(hostPorts.fields.map((f) => formatPath(f.path))).toEqual([
      'spec.initContainers[0].ports[0].hostPort',
      'spec.containers[0].ports[0].hostPort',
      'spec.containers[0].ports[1].hostPort',
    ]);
    // Without hostNetwork nothing is defaulted.
    const { hostNetwork: _, ...rest } = p.spec;
    expect(evaluatePod({ metadata: p.metadata, spec: rest }, BASELINE).allowed).toBe(false);
    expect(
      evaluatePod(pod({ containers: [container('a', {}, { ports: [{ containerPort: 80 }] })] }), BASELINE)
        .allowed,
    ).toBe(true);
  });
  it('seccomp annotations are copied to absent fields (since 1.19)', () => {
    const podAnnotation = (value: string) =>
      pod(
        { securityContext: { runAsNonRoot: true } },
        { name: 'p', annotations: { 'seccomp.security.alpha.kubernetes.io/pod': value } },
      );
    expect(evaluatePod(podAnnotation('runtime/default'), RESTRICTED).allowed).toBe(true);
    expect(evaluatePod(podAnnotation('docker/default'), RESTRICTED).allowed).toBe(true);
    expect(evaluatePod(podAnnotation('localhost/profile.json'), RESTRICTED).allowed).toBe(true);
    // "localhost/" with no name and unknown values are not copied: the pod has no profile.
    expect(only(evaluatePod(podAnnotation('localhost/'), RESTRICTED))[0]![0]).toBe(
      'seccompProfile_restricted',
    );
    expect(only(evaluatePod(podAnnotation('bogus'), RESTRICTED))[0]![0]).toBe('seccompProfile_restricted');
    const unconfined = evaluatePod(podAnnotation('unconfined'), BASELINE);
    expect(only(unconfined)).toEqual([
      [
        'seccompProfile_baseline',
        'seccompProfile',
        'pod must not set securityContext.seccompProfile.type to "Unconfined"',
      ],
    ]);
    expect(unconfined.violations[0]!.fields.map((f) => formatPath(f.path))).toEqual([
      'metadata.annotations["seccomp.security.alpha.kubernetes.io/pod"]',
    ]);
    // A field that is present is never overwritten.
    const fieldWins = pod(
      { securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } } },
      { name: 'p', annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' } },
    );
    expect(evaluatePod(fieldWins, RESTRICTED).allowed).toBe(true);
  });
});

describe('hostile input: wrong types are decoded as absent and reported', () => {
  it.each<[string, unknown, string[]]>([
    ['containers: "x"', { containers: 'x' }, ['spec.containers']],
    [
      'securityContext: 5',
      { containers: [{ name: 'a', securityContext: 5 }] },
      ['spec.containers[0].securityContext'],
    ],
    [
      'capabilities.add: "ALL"',
      { containers: [{ name: 'a', securityContext: { capabilities: { add: 'ALL', drop: [1, 'ALL'] } } }] },
      [
        'spec.containers[0].securityContext.capabilities.add',
        'spec.containers[0].securityContext.capabilities.drop[0]',
      ],
    ],
    [
      'privileged: "true"',
      { containers: [{ name: 'a', securityContext: { privileged: 'true' } }] },
      ['spec.containers[0].securityContext.privileged'],
    ],
    ['runAsUser: 0.5', { securityContext: { runAsUser: 0.5 } }, ['spec.securityContext.runAsUser']],
    [
      'hostPort: "80"',
      { containers: [{ name: 'a', ports: [{ hostPort: '80' }] }] },
      ['spec.containers[0].ports[0].hostPort'],
    ],
    [
      'hostPort beyond int32',
      { containers: [{ name: 'a', ports: [{ hostPort: 2 ** 31 }] }] },
      ['spec.containers[0].ports[0].hostPort'],
    ],
    ['volumes: [null, 3]', { volumes: [null, 3] }, ['spec.volumes[0]', 'spec.volumes[1]']],
    ['hostPath: "x"', { volumes: [{ name: 'v', hostPath: 'x' }] }, ['spec.volumes[0].hostPath']],
    ['sysctls: {}', { securityContext: { sysctls: {} } }, ['spec.securityContext.sysctls']],
  ])('%s', (_name, spec, paths) => {
    const e = evaluatePod({ metadata: { name: 'x' }, spec: spec as Obj }, BASELINE);
    expect(e.problems.map((p) => formatPath(p.path))).toEqual(paths);
    expect(e.allowed).toBe(true);
  });
  it('annotations that are not strings are dropped and reported', () => {
    const e = evaluatePod(
      { metadata: { annotations: { 'container.apparmor.security.beta.kubernetes.io/a': 5 } }, spec: {} },
      BASELINE,
    );
    expect(e.problems).toEqual([
      {
        path: ['metadata', 'annotations', 'container.apparmor.security.beta.kubernetes.io/a'],
        expected: 'a string',
        found: 'an integer',
      },
    ]);
    expect(e.allowed).toBe(true);
  });
  it('a missing securityContext on restricted still fails the checks that require a value', () => {
    const e = evaluatePod(
      { metadata: {}, spec: { containers: [{ name: 'a', securityContext: 'x' }] } },
      RESTRICTED,
    );
    expect(e.violations.map((v) => v.check)).toEqual([
      'allowPrivilegeEscalation',
      'capabilities_restricted',
      'runAsNonRoot',
      'seccompProfile_restricted',
    ]);
  });
  it('never reads inherited properties (__proto__, constructor)', () => {
    const spec = JSON.parse('{"__proto__": {"hostPID": true}, "containers": [{"name": "constructor"}]}');
    const e = evaluatePod({ metadata: JSON.parse('{"annotations": {"__proto__": "x"}}'), spec }, BASELINE);
    expect(e.allowed).toBe(true);
  });
  it.each([null, undefined, 5, 'x', [], [{}]])('a pod of %j does not throw', (value) => {
    expect(() => evaluatePod({ metadata: value, spec: value }, RESTRICTED)).not.toThrow();
    expect(() => evaluatePod(value as never, RESTRICTED)).not.toThrow();
  });
});

describe('evaluateWorkload: paths from the resource root', () => {
  const podObj = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'web',
      annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' },
    },
    spec: {
      containers: [{ name: 'app', image: 'nginx', securityContext: { privileged: true, runAsUser: 'root' } }],
    },
  };
  it.each([
    ['Pod', 'spec.containers[0]', 'metadata.annotations'],
    ['Deployment', 'spec.template.spec.containers[0]', 'spec.template.metadata.annotations'],
    [
      'CronJob',
      'spec.jobTemplate.spec.template.spec.containers[0]',
      'spec.jobTemplate.spec.template.metadata.annotations',
    ],
    ['PodTemplate', 'template.spec.containers[0]', 'template.metadata.annotations'],
  ] as const)('%s', (kind, containerPath, annotationsPath) => {
    const text = toYaml(wrapPod(podObj, kind));
    const lines = text.split('\n');
    const w = inventoryFromYaml(text, 'x.yaml').inventory.workloads()[0]!;
    const e = evaluateWorkload(w, BASELINE);
    const fields = e.violations.flatMap((v) => v.fields);
    expect(fields.map((f) => formatPath(f.path))).toEqual([
      `${annotationsPath}["container.apparmor.security.beta.kubernetes.io/app"]`,
      `${containerPath}.securityContext.privileged`,
    ]);
    expect(e.problems.map((p) => formatPath(p.path))).toEqual([`${containerPath}.securityContext.runAsUser`]);
    // Every path resolves to the line that holds its key.
    for (const { path } of [...fields, ...e.problems]) {
      const line = w.resource.locate(path).line!;
      expect(lines[line - 1]).toContain(`${String(path[path.length - 1])}:`);
    }
  });
});

describe('namespace enforce labels', () => {
  it.each<[Record<string, string>, ReturnType<typeof enforcePolicyOf>['level'], string | undefined, number]>([
    [{}, undefined, undefined, 0],
    [{ 'pod-security.kubernetes.io/enforce': 'baseline' }, 'baseline', undefined, 0],
    [
      {
        'pod-security.kubernetes.io/enforce': 'privileged',
        'pod-security.kubernetes.io/enforce-version': 'v1.25',
      },
      'privileged',
      'v1.25',
      0,
    ],
    [{ 'pod-security.kubernetes.io/enforce': 'Restricted' }, 'restricted', undefined, 1],
    [
      {
        'pod-security.kubernetes.io/enforce': 'baseline',
        'pod-security.kubernetes.io/enforce-version': 'v1.025',
      },
      'baseline',
      'latest',
      1,
    ],
    [{ 'pod-security.kubernetes.io/warn': 'restricted' }, undefined, undefined, 0],
  ])('%j', (labels, level, version, errors) => {
    const p = enforcePolicyOf(labels);
    expect([p.level, p.version, p.errors.length]).toEqual([level, version, errors]);
  });
});

describe("Go's quoting and ordering in messages", () => {
  it.each([
    ['a', '"a"'],
    ['say "hi"', '"say \\"hi\\""'],
    ['back\\slash', '"back\\\\slash"'],
    ['tab\tnew\nline', '"tab\\tnew\\nline"'],
    ['\u0000\u007f', '"\\x00\\x7f"'],
    ['é日本', '"é日本"'],
    ['\u200b', '"\\u200b"'],
  ])('%j → %s', (input, quoted) => {
    expect(goQuote(input)).toBe(quoted);
  });
  it('sorts by code point, as Go compares UTF-8 bytes', () => {
    expect(['b', 'B', '\uffff', '😀', 'a'].sort(goCompare)).toEqual(['B', 'a', 'b', '\uffff', '😀']);
  });
});
