import { describe, expect, it } from 'vitest';
import { testCheck } from '../../../test/support/check-tester.js';
import { scanYaml } from '../../../test/support/scan.js';
import check from './ZT-WL-013-restricted-volume-types.js';

const volumes = (name: string) =>
  [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    '  containers:',
    '    - name: app',
    '      image: nginx:1.27',
    '  volumes:',
    '    - name: shared',
    '      nfs:',
    '        server: nfs.example.com',
    '        path: /exports',
    '    - name: docker',
    '      hostPath:',
    '        path: /var/run/docker.sock',
    '    - name: config',
    '      configMap:',
    '        name: app',
    '',
  ].join('\n');

testCheck(check, {
  valid: [
    {
      name: 'every allowed type, and a volume with no source (the API server defaults it to emptyDir)',
      yaml: [
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        '  name: web',
        'spec:',
        '  containers:',
        '    - name: app',
        '      image: nginx:1.27',
        '  volumes:',
        '    - {name: a, configMap: {name: x}}',
        '    - {name: b, csi: {driver: x}}',
        '    - {name: c, downwardAPI: {}}',
        '    - {name: d, emptyDir: {}}',
        '    - {name: e, ephemeral: {}}',
        '    - {name: f, image: {reference: x}}',
        '    - {name: g, persistentVolumeClaim: {claimName: x}}',
        '    - {name: h, projected: {sources: []}}',
        '    - {name: i, secret: {secretName: x}}',
        '    - {name: j}',
        '',
      ].join('\n'),
    },
    {
      name: 'a restricted-only control: nothing at baseline',
      options: { pss: { level: 'baseline', version: 'latest' } },
      yaml: volumes('baseline'),
    },
  ],
  invalid: [
    {
      name: 'nfs and hostPath volumes',
      yaml: volumes('restricted'),
      findings: [
        {
          path: 'spec.volumes[0].nfs',
          line: 11,
          message:
            'volume "shared" uses the restricted volume type nfs; use one of configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected, secret',
        },
        {
          path: 'spec.volumes[1].hostPath',
          line: 15,
          message: /^volume "docker" uses the restricted volume type hostPath;/,
        },
      ],
    },
    {
      name: 'from v1.0',
      options: { pss: { level: 'restricted', version: 'v1.0' } },
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n  volumes:\n    - name: repo\n      gitRepo:\n        repository: https://example.com/repo.git\n',
      findings: [{ path: 'spec.volumes[0].gitRepo', line: 11 }],
    },
  ],
});

describe('ZT-WL-013 severities', () => {
  it('reports hostPath with high severity (as ZT-WL-004 would) and other types with the check severity', () => {
    const findings = scanYaml(volumes('sev'), [check]).findings;
    expect(findings.map((f) => [f.path, f.severity])).toEqual([
      ['spec.volumes[1].hostPath', 'high'],
      ['spec.volumes[0].nfs', 'medium'],
    ]);
  });
});
