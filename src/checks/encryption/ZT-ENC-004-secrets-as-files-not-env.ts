import { defineCheck } from '../../engine/define-check.js';
import { containerLabel, containersCached, newContainersCache } from '../../model/container-text.js';
import { asArray, asString, isRecord } from '../../model/types.js';

const FAIL = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: registry.example.com/shop/api:1.4.2
          env:
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef: {name: api-db, key: password}
`;

const PASS = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: registry.example.com/shop/api:1.4.2
          env:
            - name: DB_PASSWORD_FILE
              value: /run/secrets/db/password
          volumeMounts:
            - {name: db, mountPath: /run/secrets/db, readOnly: true}
      volumes:
        - name: db
          secret:
            secretName: api-db
            defaultMode: 0400
`;

export default defineCheck({
  meta: {
    id: 'ZT-ENC-004',
    slug: 'secrets-as-files-not-env',
    title: 'Prefer mounting Secrets as files over environment variables',
    pillar: 'encryption',
    severity: 'low',
    description: `A Secret exposed as an environment variable (\`env[].valueFrom.secretKeyRef\`, or every key at once with \`envFrom[].secretRef\`) is copied into the process environment: it is inherited by every child process, readable in \`/proc/<pid>/environ\`, routinely dumped by crash reporters, debug endpoints and error pages, and it cannot change without restarting the container. A Secret mounted as a file is readable only through the mount (with the file mode you choose), is not inherited, and is updated in place when the Secret is rotated (except with \`subPath\`).

Least exposure of credentials is a Zero Trust basic; this is the CIS recommendation 5.4.1.`,
    remediation: `Mount the Secret as a read-only volume and point the application at the file:

\`\`\`yaml
containers:
  - name: api
    env:
      - {name: DB_PASSWORD_FILE, value: /run/secrets/db/password}
    volumeMounts:
      - {name: db, mountPath: /run/secrets/db, readOnly: true}
volumes:
  - name: db
    secret: {secretName: api-db, defaultMode: 0400}
\`\`\``,
    references: [
      'https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-files-from-a-pod',
      'https://kubernetes.io/docs/concepts/security/secrets-good-practices/',
    ],
    frameworks: [
      { framework: 'cis', control: '5.4.1' },
      { framework: 'nist-800-207', control: 'tenet 6' },
    ],
    sources: [
      { tool: 'checkov', id: 'CKV_K8S_35', relation: 'same' },
      { tool: 'kubescape', id: 'C-0207', relation: 'same' },
      { tool: 'kubesec', id: 'SecretsAsEnvironmentVariables', relation: 'inspired' },
    ],
  },
  examples: { fail: [FAIL], pass: [PASS] },
  target: 'workloads',
  check(workload, ctx) {
    for (const c of containersCached(ctx.memo('containers-of', newContainersCache), workload)) {
      asArray(c.container.env).forEach((e, i) => {
        if (!isRecord(e) || !isRecord(e.valueFrom) || !isRecord(e.valueFrom.secretKeyRef)) return;
        const ref = e.valueFrom.secretKeyRef;
        const name = asString(e.name) ?? `env[${i}]`;
        const secret = asString(ref.name) ?? '(unnamed)';
        const key = asString(ref.key) ?? '(no key)';
        ctx.report({
          resource: workload.resource,
          path: [...c.path, 'env', i, 'valueFrom', 'secretKeyRef'],
          message: `${containerLabel(c)} reads key "${key}" of Secret "${secret}" into environment variable "${name}"`,
        });
      });
      asArray(c.container.envFrom).forEach((e, i) => {
        if (!isRecord(e) || !isRecord(e.secretRef)) return;
        const secret = asString(e.secretRef.name) ?? '(unnamed)';
        const prefix = asString(e.prefix);
        ctx.report({
          resource: workload.resource,
          path: [...c.path, 'envFrom', i, 'secretRef'],
          message: `${containerLabel(c)} imports every key of Secret "${secret}" as environment variables${prefix ? ` (prefix "${prefix}")` : ''}`,
        });
      });
    }
  },
});
