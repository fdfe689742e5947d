import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-WL-022-no-mutable-image-tag.js';

const D = 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

testCheck(check, {
  valid: [
    {
      name: 'version tags, digests (even with latest), and tags that only look like latest',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  initContainers:
    - {name: a, image: "busybox:1.36"}
  containers:
    - {name: b, image: "nginx@${D}"}
    - {name: c, image: "nginx:latest@${D}"}
    - {name: d, image: "localhost:5000"}
    - {name: e, image: "registry.example.com:5000/team/app:2.0"}
    - {name: f, image: "nginx:LATEST"}
    - {name: g, image: "nginx:latest-alpine"}
`,
    },
    {
      name: 'invalid references and non-string images are not this check',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: bad}
spec:
  containers:
    - {name: a, image: "Nginx"}
    - {name: b, image: 42}
    - {name: c}
    - {name: d, image: ""}
`,
    },
  ],
  invalid: [
    {
      name: 'latest and no tag, with a registry port that is not a tag',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  initContainers:
    - name: init
      image: busybox
  containers:
    - name: app
      image: nginx:latest
    - name: local
      image: localhost:5000/team/app
    - name: ok
      image: nginx:1.27
  ephemeralContainers:
    - name: debug
      image: docker.io/library/busybox:latest
`,
      findings: [
        {
          path: 'spec.initContainers[0].image',
          line: 8,
          message:
            'Init container "init" uses image "busybox" with no tag, so it runs whatever "latest" is when a node pulls it',
        },
        {
          path: 'spec.containers[0].image',
          line: 11,
          message: 'Container "app" uses image "nginx:latest" with the mutable "latest" tag',
        },
        {
          path: 'spec.containers[1].image',
          line: 13,
          message:
            'Container "local" uses image "localhost:5000/team/app" with no tag, so it runs whatever "latest" is when a node pulls it',
        },
        {
          path: 'spec.ephemeralContainers[0].image',
          line: 18,
          message:
            'Ephemeral container "debug" uses image "docker.io/library/busybox:latest" with the mutable "latest" tag',
        },
      ],
    },
  ],
});
