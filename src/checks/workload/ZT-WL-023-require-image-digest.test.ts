import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-WL-023-require-image-digest.js';

const D = 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

testCheck(check, {
  valid: [
    {
      name: 'digests, with or without a tag, with a registry port',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  initContainers:
    - {name: a, image: "busybox@${D}"}
  containers:
    - {name: b, image: "nginx:latest@${D}"}
    - {name: c, image: "localhost:5000/app:1@${D}"}
    - {name: d, image: "ghcr.io/org/app@sha512:${'e'.repeat(128)}"}
`,
    },
    {
      name: 'invalid references (malformed digests included) and non-strings are skipped',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: bad}
spec:
  containers:
    - {name: a, image: "nginx@sha256:abc"}
    - {name: b, image: "nginx@sha256:${'A'.repeat(64)}"}
    - {name: c, image: {repo: nginx}}
`,
    },
  ],
  invalid: [
    {
      name: 'tags, no tag, and a tag that looks like a digest',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: api
      image: registry.example.com/shop/api:1.4.2
    - name: web
      image: nginx
    - name: odd
      image: sha256:abc
    - name: pinned
      image: nginx@${D}
`,
      findings: [
        {
          path: 'spec.containers[0].image',
          line: 8,
          message:
            'Container "api" uses image "registry.example.com/shop/api:1.4.2", which is not pinned by digest',
        },
        {
          path: 'spec.containers[1].image',
          line: 10,
          message: 'Container "web" uses image "nginx", which is not pinned by digest',
        },
        {
          path: 'spec.containers[2].image',
          line: 12,
          message: 'Container "odd" uses image "sha256:abc", which is not pinned by digest',
        },
      ],
    },
  ],
});
