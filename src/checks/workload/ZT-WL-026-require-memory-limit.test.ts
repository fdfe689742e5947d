import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-WL-026-require-memory-limit.js';

const POD = `apiVersion: v1
kind: Pod
metadata: {name: api, namespace: shop}
spec:
  containers:
    - name: api
      image: api:1
      resources: {requests: {memory: 128Mi}}
`;

testCheck(check, {
  valid: [
    {
      name: 'limits set (string or number); ephemeral containers cannot have resources',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: api}
spec:
  initContainers:
    - {name: init, image: x:1, resources: {limits: {memory: 64Mi}}}
  containers:
    - {name: a, image: x:1, resources: {limits: {memory: 256Mi, cpu: 1}}}
    - {name: b, image: x:1, resources: {limits: {memory: 268435456}}}
  ephemeralContainers:
    - {name: debug, image: busybox:1.36}
`,
    },
    {
      name: 'a pod-level memory limit bounds every container',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: api}
spec:
  resources: {limits: {memory: 1Gi}}
  containers:
    - {name: a, image: x:1}
    - {name: b, image: x:1}
`,
    },
    {
      name: 'a LimitRange default in the namespace',
      yaml: `${POD}---
apiVersion: v1
kind: LimitRange
metadata: {name: defaults, namespace: shop}
spec:
  limits:
    - {type: Container, default: {memory: 512Mi}}
`,
    },
    {
      name: 'a LimitRange max becomes the default (SetDefaults_LimitRangeItem)',
      yaml: `${POD}---
apiVersion: v1
kind: LimitRange
metadata: {name: caps, namespace: shop}
spec:
  limits:
    - {type: Pod, max: {memory: 2Gi}}
    - {type: Container, max: {memory: 1Gi}}
`,
    },
  ],
  invalid: [
    {
      name: 'missing, empty, cpu-only, in init and regular containers',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  initContainers:
    - name: init
      image: x:1
  containers:
    - name: a
      image: x:1
      resources:
        limits: {cpu: 500m}
    - name: b
      image: x:1
      resources:
        limits: {memory: ""}
    - name: c
      image: x:1
      resources: "big"
`,
      findings: [
        {
          path: 'spec.initContainers[0].resources.limits.memory',
          line: 7,
          message: 'Init container "init" has no memory limit, so it can take all of its node\'s memory',
        },
        {
          path: 'spec.containers[0].resources.limits.memory',
          line: 13,
          message: 'Container "a" has no memory limit, so it can take all of its node\'s memory',
        },
        {
          path: 'spec.containers[1].resources.limits.memory',
          line: 17,
          message: 'Container "b" has no memory limit, so it can take all of its node\'s memory',
        },
        {
          path: 'spec.containers[2].resources.limits.memory',
          line: 20,
          message: 'Container "c" has no memory limit, so it can take all of its node\'s memory',
        },
      ],
    },
    {
      name: 'LimitRanges that give no container memory default, or are in another namespace',
      yaml: `${POD}---
apiVersion: v1
kind: LimitRange
metadata: {name: cpu-only, namespace: shop}
spec:
  limits:
    - {type: Container, default: {cpu: 500m}}
    - {type: Pod, max: {memory: 2Gi}}
    - {type: PersistentVolumeClaim, max: {storage: 10Gi}}
---
apiVersion: v1
kind: LimitRange
metadata: {name: elsewhere, namespace: other}
spec:
  limits:
    - {type: Container, default: {memory: 512Mi}}
`,
      findings: [{ path: 'spec.containers[0].resources.limits.memory', line: 8, resource: 'Pod/api' }],
    },
  ],
});
