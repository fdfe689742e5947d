import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-WL-004-no-hostpath-volumes.js';

const BASELINE = { pss: { level: 'baseline', version: 'latest' } } as const;

const withHostPath = (name: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n  volumes:\n    - name: cache\n      emptyDir: {}\n    - name: docker\n      hostPath:\n        path: /var/run/docker.sock\n`;

testCheck(check, {
  valid: [
    {
      name: 'other volume types are not this check’s concern',
      options: BASELINE,
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n  volumes:\n    - name: shared\n      nfs:\n        server: nfs.example.com\n        path: /exports\n',
    },
    {
      name: 'at restricted, restrictedVolumes replaces this check (ZT-WL-013 reports it)',
      yaml: withHostPath('restricted'),
    },
  ],
  invalid: [
    {
      name: 'a hostPath volume at baseline',
      options: BASELINE,
      yaml: withHostPath('baseline'),
      findings: [
        {
          path: 'spec.volumes[1].hostPath',
          line: 13,
          message:
            'volume "docker" mounts a directory of the node ("/var/run/docker.sock"); use a persistentVolumeClaim, emptyDir, configMap, secret or projected volume instead',
        },
      ],
    },
    {
      name: 'an empty hostPath is still a hostPath',
      options: { pss: { level: 'baseline', version: 'v1.0' } },
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n  volumes:\n    - name: root\n      hostPath: {}\n',
      findings: [
        {
          path: 'spec.volumes[0].hostPath',
          line: 11,
          message: /^volume "root" mounts a directory of the node;/,
        },
      ],
    },
  ],
});
