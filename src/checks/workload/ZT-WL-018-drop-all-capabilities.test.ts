import { describe, expect, it } from 'vitest';
import { testCheck } from '../../../test/support/check-tester.js';
import { scanYaml } from '../../../test/support/scan.js';
import check from './ZT-WL-018-drop-all-capabilities.js';

const adds = (name: string) =>
  [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    '  containers:',
    '    - name: app',
    '      image: nginx:1.27',
    '      securityContext:',
    '        capabilities:',
    '          drop: [ALL]',
    '          add:',
    '            - CHOWN',
    '            - NET_BIND_SERVICE',
    '            - SYS_TIME',
    '',
  ].join('\n');

testCheck(check, {
  valid: [
    {
      name: 'drop ALL, add NET_BIND_SERVICE',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        capabilities:\n          drop: ["ALL"]\n          add: ["NET_BIND_SERVICE"]\n',
    },
    {
      name: 'the check does not exist before v1.22',
      options: { pss: { level: 'restricted', version: 'v1.21' } },
      yaml: adds('v121'),
    },
    {
      name: 'Windows pods are exempt from v1.25',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: win\nspec:\n  os: {name: windows}\n  containers:\n    - name: app\n      image: nanoserver:ltsc2022\n',
    },
    {
      name: 'a restricted-only control: nothing at baseline',
      options: { pss: { level: 'baseline', version: 'latest' } },
      yaml: adds('baseline'),
    },
  ],
  invalid: [
    {
      name: 'capabilities other than NET_BIND_SERVICE are added',
      yaml: adds('web'),
      findings: [
        {
          path: 'spec.containers[0].securityContext.capabilities.add[0]',
          line: 13,
          message: 'container "app" adds capability "CHOWN"; restricted allows adding only NET_BIND_SERVICE',
        },
        { path: 'spec.containers[0].securityContext.capabilities.add[2]', line: 15, message: /"SYS_TIME"/ },
      ],
    },
    {
      name: 'drop ALL missing (drop of the wrong type counts as missing)',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n    - name: sidecar\n      image: envoy:1.30\n      securityContext:\n        capabilities:\n          drop: ALL\n',
      findings: [
        {
          path: 'spec.containers[0].securityContext.capabilities.drop',
          line: 7,
          message:
            'container "app" must drop all capabilities: set securityContext.capabilities.drop to ["ALL"]',
        },
        { path: 'spec.containers[1].securityContext.capabilities.drop', line: 13 },
      ],
    },
  ],
});

describe('ZT-WL-018 severities', () => {
  it('reports capabilities that baseline forbids too with high severity', () => {
    const findings = scanYaml(adds('sev'), [check]).findings;
    expect(findings.map((f) => [f.path, f.severity])).toEqual([
      ['spec.containers[0].securityContext.capabilities.add[2]', 'high'],
      ['spec.containers[0].securityContext.capabilities.add[0]', 'medium'],
    ]);
  });
});
