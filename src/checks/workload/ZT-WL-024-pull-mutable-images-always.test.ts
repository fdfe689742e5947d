import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-WL-024-pull-mutable-images-always.js';

const D = 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

testCheck(check, {
  valid: [
    {
      name: 'latest and untagged default to Always; digests are exempt whatever the policy',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - {name: a, image: "nginx"}
    - {name: b, image: "nginx:latest"}
    - {name: c, image: "nginx:1.27", imagePullPolicy: Always}
    - {name: d, image: "nginx@${D}", imagePullPolicy: IfNotPresent}
    - {name: e, image: "nginx:1.27@${D}", imagePullPolicy: Never}
    - {name: f, image: "nginx:1.27", imagePullPolicy: sometimes}
    - {name: g, image: "Not A Ref"}
`,
    },
  ],
  invalid: [
    {
      name: 'defaulted and explicit IfNotPresent / Never on mutable references',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: tagged
      image: registry.example.com/api:1.4
    - name: latest
      image: nginx:latest
      imagePullPolicy: IfNotPresent
    - name: never
      image: busybox
      imagePullPolicy: Never
`,
      findings: [
        {
          path: 'spec.containers[0].imagePullPolicy',
          line: 7,
          message:
            'Container "tagged" uses image "registry.example.com/api:1.4", which is not pinned by digest, and its imagePullPolicy defaults to IfNotPresent: nodes run whatever they cached under that tag',
        },
        {
          path: 'spec.containers[1].imagePullPolicy',
          line: 11,
          message:
            'Container "latest" uses image "nginx:latest", which is not pinned by digest, and its imagePullPolicy is IfNotPresent: nodes run whatever they cached under that tag',
        },
        {
          path: 'spec.containers[2].imagePullPolicy',
          line: 14,
          message:
            'Container "never" uses image "busybox", which is not pinned by digest, and its imagePullPolicy is Never: nodes run whatever they cached under that tag',
        },
      ],
    },
  ],
});
