import { defineCheck } from '../../engine/define-check.js';
import { containerLabel, containersCached, newContainersCache } from '../../model/container-text.js';
import {
  credentialShape,
  detectCredential,
  detectCredentialCached,
  isCredentialName,
  newCredentialCache,
} from '../../model/secrets-heuristics.js';
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
              value: hunter2
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
          args: ["--db-password-file=/run/secrets/db/password"]
          env:
            - name: DB_PASSWORD_FILE
              value: /run/secrets/db/password
            - name: TOKEN_URL
              value: https://sso.example.com/oauth/token
          volumeMounts:
            - {name: db, mountPath: /run/secrets/db, readOnly: true}
      volumes:
        - name: db
          secret: {secretName: api-db}
`;

/** `--flag=value`, `-flag=value`. */
const FLAG_WITH_VALUE = /^--?([A-Za-z][A-Za-z0-9_.-]*)=(.*)$/s;
const FLAG = /^--?([A-Za-z][A-Za-z0-9_.-]*)$/;

/** The first credential on a command line element: a credential-named flag with a literal value, or a known format. */
function argCredential(arg: string, next: unknown): string | undefined {
  const tokens = /\s/.test(arg) ? arg.split(/\s+/).filter((t) => t !== '') : [arg];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!.replace(/^["']|["']$/g, '');
    const withValue = FLAG_WITH_VALUE.exec(t);
    if (withValue) {
      const hit = detectCredential(withValue[1]!, withValue[2]!.replace(/^["']|["']$/g, ''));
      if (hit?.by === 'name') return `the flag --${withValue[1]} has a literal value`;
      continue;
    }
    const flag = FLAG.exec(t);
    if (flag && isCredentialName(flag[1]!)) {
      const following = i + 1 < tokens.length ? tokens[i + 1] : tokens.length === 1 ? next : undefined;
      if (typeof following === 'string' && !following.startsWith('-')) {
        const hit = detectCredential(flag[1]!, following.replace(/^["']|["']$/g, ''));
        if (hit?.by === 'name') return `the flag --${flag[1]} is followed by a literal value`;
      }
    }
  }
  const shape = credentialShape(arg);
  return shape ? `it contains ${shape}` : undefined;
}

export default defineCheck({
  meta: {
    id: 'ZT-ENC-001',
    slug: 'no-credentials-in-env',
    title: 'Credentials must not be written as literal environment values or arguments',
    pillar: 'encryption',
    severity: 'high',
    description: `A credential written in a pod spec — an \`env\` entry's \`value\`, or a \`command\`/\`args\` element — is stored in plain text in Git, in every rendered Helm release, in etcd as part of the workload object (Secrets can be encrypted at rest, pod specs are not), and is shown to anyone who can \`get\` the Deployment, which is far more people than can read Secrets. Command-line arguments are also visible in \`/proc\` and \`ps\` on the node.

A value is reported when the variable's **name** says it holds a credential (PASSWORD, TOKEN, SECRET, API_KEY, PRIVATE_KEY, CREDENTIALS, …) and the value is a literal, or when the **value's shape** is a credential whatever the name: a PEM private key, an AWS access key ID, a JSON Web Token, a URL or connection string with an embedded password, and well-known token formats (GitHub, GitLab, Slack, Google, Stripe, npm, SendGrid).

Not reported, to keep false positives low: names that describe a credential rather than hold one (\`PASSWORD_FILE\`, \`TOKEN_URL\`, \`SECRET_NAME\`, \`TOKEN_TTL\`), empty values, \`valueFrom\`, values that only reference something else (\`$(VAR)\` expansion, \`\${VAR}\`, \`{{ template }}\`, \`<placeholder>\`, secret-store references), file paths, URLs without a password, booleans and short numbers. The message names the variable or argument; the value is never printed.`,
    remediation: `Move the value into a Secret (ideally synced from an external secret store) and mount it as a file; if the program only reads environment variables, reference the Secret instead of writing the value:

\`\`\`yaml
env:
  - name: DB_PASSWORD
    valueFrom:
      secretKeyRef: {name: api-db, key: password}
args: ["--db-password=$(DB_PASSWORD)"]   # expanded by Kubernetes from the env var
\`\`\`

Then rotate the credential: it has been exposed wherever the manifest was.`,
    references: [
      'https://kubernetes.io/docs/concepts/configuration/secret/',
      'https://kubernetes.io/docs/tasks/inject-data-application/define-interdependent-environment-variables/',
      'https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html',
    ],
    frameworks: [
      { framework: 'cis', control: '5.4.1' },
      { framework: 'nsa-cisa', control: 'Secrets: do not store credentials in pod specifications' },
      { framework: 'soc2', control: 'CC6.1' },
      { framework: 'nist-800-207', control: 'tenet 6' },
    ],
    sources: [
      { tool: 'kubescape', id: 'C-0012', relation: 'inspired' },
      { tool: 'polaris', id: 'sensitiveContainerEnvVar', relation: 'inspired' },
      { tool: 'kube-linter', id: 'env-var-secret', relation: 'inspired' },
    ],
  },
  examples: { fail: [FAIL], pass: [PASS] },
  target: 'workloads',
  check(workload, ctx) {
    const cache = ctx.memo('credential-cache', newCredentialCache);
    const args = ctx.memo('argument-credential-cache', () => new Map<string, string | null>());
    for (const c of containersCached(ctx.memo('containers-of', newContainersCache), workload)) {
      asArray(c.container.env).forEach((e, i) => {
        if (!isRecord(e)) return;
        const name = asString(e.name) ?? `env[${i}]`;
        const raw = e.value;
        const value = typeof raw === 'string' ? raw : typeof raw === 'number' ? String(raw) : undefined;
        if (value === undefined || value === '') return;
        const hit = detectCredentialCached(cache, name, value);
        if (!hit) return;
        ctx.report({
          resource: workload.resource,
          path: [...c.path, 'env', i, 'value'],
          key: name,
          message:
            hit.by === 'name'
              ? `${containerLabel(c)} sets environment variable "${name}" to a literal value, and its name says it is a credential`
              : `${containerLabel(c)} sets environment variable "${name}" to a literal value that contains ${hit.label}`,
        });
      });
      for (const field of ['command', 'args'] as const) {
        const list = asArray(c.container[field]);
        list.forEach((a, j) => {
          if (typeof a !== 'string' || a === '') return;
          const next = list[j + 1];
          const key = `${a}\0${typeof next === 'string' ? next : ''}`;
          let why = args.get(key);
          if (why === undefined) {
            why = argCredential(a, next) ?? null;
            if (args.size < 200_000 && key.length < 4096) args.set(key, why);
          }
          if (!why) return;
          ctx.report({
            resource: workload.resource,
            path: [...c.path, field, j],
            message: `${containerLabel(c)} passes a credential on its command line (${field}[${j}]: ${why})`,
          });
        });
      }
    }
  },
});
