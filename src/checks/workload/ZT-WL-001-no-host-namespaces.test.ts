import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-WL-001-no-host-namespaces.js';

const BASELINE = { pss: { level: 'baseline', version: 'v1.0' } } as const;

testCheck(check, {
  valid: [
    {
      name: 'no host namespaces',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  hostNetwork: false\n  containers:\n    - name: app\n      image: nginx:1.27\n',
    },
    {
      // The API server rejects a string for a boolean, so no such pod runs; ZT-IN-003 reports the type.
      name: 'a quoted "true" is not a boolean and is evaluated as absent',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  hostPID: "true"\n  containers:\n    - name: app\n      image: nginx:1.27\n',
    },
  ],
  invalid: [
    {
      name: 'all three namespaces, one finding each',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: agent\nspec:\n  hostNetwork: true\n  hostPID: true\n  hostIPC: true\n  containers:\n    - name: a\n      image: busybox:1.36\n',
      findings: [
        {
          path: 'spec.hostNetwork',
          line: 6,
          message:
            "pod sets hostNetwork=true and shares the node's network: it can bind node ports and reach node-local services; remove hostNetwork or set it to false",
        },
        { path: 'spec.hostPID', line: 7, message: /hostPID=true and shares the node's processes/ },
        { path: 'spec.hostIPC', line: 8, message: /hostIPC=true/ },
      ],
    },
    {
      // Not a single Pod, so the tester does not replay it through its YAML 1.2 round trip.
      name: 'YAML 1.1: hostPID: yes is true, as the API server reads it',
      yaml: 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\nspec:\n  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent}\n    spec:\n      hostPID: yes\n      containers:\n        - name: a\n          image: busybox:1.36\n',
      findings: [{ path: 'spec.template.spec.hostPID', line: 12, resource: 'DaemonSet/agent' }],
    },
    {
      name: 'at baseline v1.0 too',
      options: BASELINE,
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: agent\nspec:\n  containers:\n    - name: a\n      image: busybox:1.36\n  hostIPC: true\n',
      findings: [{ path: 'spec.hostIPC', line: 9 }],
    },
  ],
});
