import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-ENC-004-secrets-as-files-not-env.js';

testCheck(check, {
  valid: [
    {
      name: 'Secret volumes, ConfigMap and field references',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: api}
spec:
  containers:
    - name: api
      image: api:1
      env:
        - {name: LEVEL, valueFrom: {configMapKeyRef: {name: cfg, key: level}}}
        - {name: NODE, valueFrom: {fieldRef: {fieldPath: spec.nodeName}}}
        - {name: PLAIN, value: x}
      envFrom:
        - configMapRef: {name: cfg}
      volumeMounts: [{name: db, mountPath: /run/secrets/db, readOnly: true}]
  volumes:
    - {name: db, secret: {secretName: api-db}}
`,
    },
    {
      name: 'wrong types never crash',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: odd}
spec:
  containers:
    - {name: a, image: x:1, env: [{valueFrom: 5}, {valueFrom: {secretKeyRef: "x"}}], envFrom: [7, {secretRef: []}]}
`,
    },
  ],
  invalid: [
    {
      name: 'secretKeyRef and envFrom secretRef, in init and regular containers',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  initContainers:
    - name: migrate
      image: migrate:1
      envFrom:
        - secretRef: {name: api-db}
          prefix: DB_
  containers:
    - name: api
      image: api:1
      env:
        - name: DB_PASSWORD
          valueFrom:
            secretKeyRef: {name: api-db, key: password}
        - name: X
          valueFrom:
            secretKeyRef: {optional: true}
`,
      findings: [
        {
          path: 'spec.initContainers[0].envFrom[0].secretRef',
          line: 10,
          message:
            'Init container "migrate" imports every key of Secret "api-db" as environment variables (prefix "DB_")',
        },
        {
          path: 'spec.containers[0].env[0].valueFrom.secretKeyRef',
          line: 18,
          message:
            'Container "api" reads key "password" of Secret "api-db" into environment variable "DB_PASSWORD"',
        },
        {
          path: 'spec.containers[0].env[1].valueFrom.secretKeyRef',
          line: 21,
          message: 'Container "api" reads key "(no key)" of Secret "(unnamed)" into environment variable "X"',
        },
      ],
    },
  ],
});
