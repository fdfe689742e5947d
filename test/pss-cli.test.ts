/**
 * `kzt pss` in-process: verdicts, the JSON contract of DESIGN.md, namespace enforce labels,
 * exit codes, input errors with their location, colour rules.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { WORKLOAD_KINDS } from '../src/model/kinds.js';
import { runCli } from './support/cli.js';
import { toYaml, wrapPod } from './support/scan.js';

let dir: string;
const write = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return name;
};
const pss = (args: string[], opts: Parameters<typeof runCli>[1] = {}) =>
  runCli(['pss', ...args], { cwd: dir, ...opts });

const PRIVILEGED_POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        privileged: true
`;

const HARDENED_POD = `apiVersion: v1
kind: Pod
metadata:
  name: hardened
  namespace: apps
spec:
  securityContext:
    runAsNonRoot: true
    seccompProfile: {type: RuntimeDefault}
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        allowPrivilegeEscalation: false
        capabilities: {drop: [ALL]}
`;

const NAMESPACES = `apiVersion: v1
kind: Namespace
metadata:
  name: legacy
  labels:
    pod-security.kubernetes.io/enforce: baseline
    pod-security.kubernetes.io/enforce-version: v1.30
---
apiVersion: v1
kind: Namespace
metadata:
  name: system
  labels:
    pod-security.kubernetes.io/enforce: privileged
---
apiVersion: v1
kind: Namespace
metadata:
  name: plain
`;

const HOST_PORT_DEPLOYMENT = (ns: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: ${ns}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
        - name: api
          image: api:1.0
          ports: [{containerPort: 8080, hostPort: 8080}]
`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kzt-pss-'));
});

describe('kzt pss: verdicts and exit codes', () => {
  it('denies a privileged Pod at restricted:latest by default, with upstream wording, exit 1', async () => {
    const f = write('priv.yaml', PRIVILEGED_POD);
    const r = await pss([f]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toEqual([
      'denied   Pod/default/web  priv.yaml:1  violates PodSecurity "restricted:latest": privileged (container "app" must not set securityContext.privileged=true), allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost") [kzt default: namespace "default" is not in the input]',
      '1 pod-bearing object: 0 allowed, 1 denied (latest = v1.37, the newest Pod Security Standards version kzt knows)',
    ]);
  });

  it('allows a hardened Pod, exit 0', async () => {
    const r = await pss([write('ok.yaml', HARDENED_POD)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'allowed  Pod/apps/hardened  ok.yaml:1  restricted:latest [kzt default: namespace "apps" is not in the input]',
    );
  });

  it('--level and --version choose the policy for every object', async () => {
    const f = write('priv2.yaml', PRIVILEGED_POD);
    const r = await pss([f, '--level', 'baseline', '--version', 'v1.20']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'violates PodSecurity "baseline:v1.20": privileged (container "app" must not set securityContext.privileged=true) [from --level]',
    );
    expect(r.stdout).toMatch(/1 pod-bearing object: 0 allowed, 1 denied\n$/);
  });

  it('workload templates are reported with the warning wording ("would violate")', async () => {
    const r = await pss([write('deploy.yaml', HOST_PORT_DEPLOYMENT('default')), '--level', 'baseline']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'denied   Deployment/default/api  deploy.yaml:1  would violate PodSecurity "baseline:latest": hostPort (container "api" uses hostPort 8080) [from --level]',
    );
  });

  it('evaluates every pod-bearing kind, in input order', async () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'w' },
      spec: { hostPID: true, containers: [{ name: 'c', image: 'i' }] },
    };
    const f = write('kinds.yaml', toYaml(WORKLOAD_KINDS.map((k) => wrapPod(pod, k))));
    const r = await pss([f, '--level', 'baseline', '-o', 'json']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as Array<{ resource: { kind: string }; allowed: boolean }>;
    expect(json.map((e) => e.resource.kind)).toEqual([...WORKLOAD_KINDS]);
    expect(json.every((e) => !e.allowed)).toBe(true);
  });

  it('reads stdin with -', async () => {
    const r = await pss(['-', '--level', 'baseline', '-o', 'json'], { stdin: PRIVILEGED_POD });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)[0].location).toEqual({ file: '<stdin>', line: 1 });
  });
});

describe('kzt pss -o json (DESIGN.md contract)', () => {
  it('one entry per pod-bearing object with resource, location, allowed and violations', async () => {
    const f = write(
      'mixed.yaml',
      `${PRIVILEGED_POD}---\n${HARDENED_POD}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n`,
    );
    const r = await pss([f, '--level', 'baseline', '-o', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual([
      {
        resource: { apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'web' },
        location: { file: 'mixed.yaml', line: 1 },
        allowed: false,
        violations: [
          {
            check: 'privileged',
            reason: 'privileged',
            detail: 'container "app" must not set securityContext.privileged=true',
          },
        ],
      },
      {
        resource: { apiVersion: 'v1', kind: 'Pod', namespace: 'apps', name: 'hardened' },
        location: { file: 'mixed.yaml', line: 12 },
        allowed: true,
        violations: [],
      },
    ]);
  });

  it('prints an empty array when there is nothing to evaluate', async () => {
    const r = await pss([
      write('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n'),
      '-o',
      'json',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
  });
});

describe('kzt pss: namespace enforce labels when --level is omitted', () => {
  it('uses each namespace’s enforce level and version; privileged allows everything; unlabelled is restricted', async () => {
    const f = write(
      'ns.yaml',
      [
        NAMESPACES,
        HOST_PORT_DEPLOYMENT('legacy'),
        HOST_PORT_DEPLOYMENT('system'),
        HOST_PORT_DEPLOYMENT('plain'),
      ].join('---\n'),
    );
    const r = await pss([f]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'denied   Deployment/legacy/api  ns.yaml:21  would violate PodSecurity "baseline:v1.30": hostPort (container "api" uses hostPort 8080) [from the labels of namespace "legacy"]',
    );
    expect(lines[1]).toBe(
      'allowed  Deployment/system/api  ns.yaml:36  privileged:latest [from the labels of namespace "system"]',
    );
    expect(lines[2]).toMatch(
      /^denied {3}Deployment\/plain\/api {2}ns\.yaml:51 {2}would violate PodSecurity "restricted:latest": hostPort .* \[kzt default: namespace "plain" has no enforce label\]$/,
    );
    expect(lines[3]).toBe(
      '3 pod-bearing objects: 1 allowed, 2 denied (latest = v1.37, the newest Pod Security Standards version kzt knows)',
    );
  });

  it('--version overrides the label version, --level ignores the labels', async () => {
    const f = write('ns2.yaml', [NAMESPACES, HOST_PORT_DEPLOYMENT('system')].join('---\n'));
    const withVersion = await pss([f, '--version', 'v1.25']);
    expect(withVersion.stdout).toContain('allowed  Deployment/system/api  ns2.yaml:21  privileged:v1.25');
    const withLevel = await pss([f, '--level', 'baseline']);
    expect(withLevel.code).toBe(1);
    expect(withLevel.stdout).toContain('would violate PodSecurity "baseline:latest": hostPort');
  });

  it('an invalid label is an input error at the label’s line; its pods are evaluated at restricted, as upstream', async () => {
    const f = write(
      'badns.yaml',
      `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: typo\n  labels:\n    pod-security.kubernetes.io/enforce: restrcted\n---\n${HARDENED_POD.replace('namespace: apps', 'namespace: typo')}`,
    );
    const r = await pss([f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'kzt: badns.yaml:6:5: error: Namespace/typo: pod-security.kubernetes.io/enforce="restrcted" is not a level (privileged, baseline, restricted); the API server rejects this Namespace, and pod-security-admission would enforce restricted\n',
    );
    expect(r.stdout).toContain(
      'allowed  Pod/typo/hardened  badns.yaml:8  restricted:latest [from the labels of namespace "typo"]',
    );
  });
});

describe('kzt pss: bad input and usage', () => {
  it('a field of the wrong type is an input error with its position; the object is still evaluated', async () => {
    const f = write('typed.yaml', PRIVILEGED_POD.replace('privileged: true', 'privileged: "true"'));
    const r = await pss([f, '--level', 'baseline']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'kzt: typed.yaml:10:9: error: Pod/default/web: spec.containers[0].securityContext.privileged must be a boolean, found a string; the API server would reject this object (evaluated as if the field were absent)\n',
    );
    expect(r.stdout).toContain('allowed  Pod/default/web  typed.yaml:1  baseline:latest');
  });

  it('a pod spec or template that is not an object is an input error', async () => {
    const f = write(
      'shapes.yaml',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec: 5\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: b\nspec:\n  template: [x]\n',
    );
    const r = await pss([f, '-o', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      'kzt: shapes.yaml:5:1: error: Pod/default/a: spec must be an object, found a number; the API server would reject this object (evaluated as if it were empty)',
      'kzt: shapes.yaml:12:3: error: Deployment/default/b: spec.template must be an object, found a list; the API server would reject this object (evaluated as if it were empty)',
    ]);
    expect(JSON.parse(r.stdout)).toHaveLength(2);
  });

  it('a broken document and a missing file are reported; the rest is analysed', async () => {
    const f = write('broken.yaml', `key: [unclosed\n---\n${PRIVILEGED_POD}`);
    const r = await pss([f, 'missing.yaml', '--level', 'baseline', '-o', 'json']);
    expect(r.code).toBe(2);
    const errors = r.stderr.trimEnd().split('\n');
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/^kzt: missing\.yaml: error: no such file or directory$/);
    expect(errors[1]).toMatch(/^kzt: broken\.yaml:\d+:\d+: error: .*\(document 1\)$/);
    expect(JSON.parse(r.stdout)).toHaveLength(1);
  });

  it.each([
    [
      ['--version', 'v1.x', 'x.yaml'],
      /^kzt: --version: invalid Pod Security Standards version "v1.x": expected "latest" or "v1.N" \(e.g. v1.30\)\n$/,
    ],
    [
      ['--level', 'strict', 'x.yaml'],
      /argument 'strict' is invalid. Allowed choices are baseline, restricted/,
    ],
    [['-o', 'yaml', 'x.yaml'], /Allowed choices are text, json/],
    [[], /^kzt: pss needs at least one PATH/],
  ])('usage error %j: one line, exit 2, no stack trace', async (args, message) => {
    const r = await pss(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });

  it('--version after pss is the PSS version; kzt --version is still the tool version; --debug is accepted anywhere', async () => {
    expect((await runCli(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const f = write('v.yaml', PRIVILEGED_POD);
    const r = await pss([f, '--debug', '--version', 'v1.0', '--level', 'baseline']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('"baseline:v1.0"');
    const help = await pss(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--version <version>');
  });
});

describe('kzt pss: colour', () => {
  it('plain when not on a terminal, coloured with FORCE_COLOR, never with NO_COLOR', async () => {
    const f = write('c.yaml', PRIVILEGED_POD);
    const ESC = '\u001b[';
    expect((await pss([f])).stdout).not.toContain(ESC);
    expect((await pss([f], { env: { FORCE_COLOR: '1' } })).stdout).toContain(`${ESC}31m`);
    expect((await pss([f], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } })).stdout).not.toContain(ESC);
  });
});
