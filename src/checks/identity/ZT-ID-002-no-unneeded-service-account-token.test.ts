import { describe, expect, it } from 'vitest';
import { testCheck } from '../../../test/support/check-tester.js';
import { scanYaml } from '../../../test/support/scan.js';
import check from './ZT-ID-002-no-unneeded-service-account-token.js';

const SA = (extra = '') => `---
apiVersion: v1
kind: ServiceAccount
metadata: {name: app, namespace: shop}
${extra}`;

const POD = (extra = '') => `apiVersion: v1
kind: Pod
metadata:
  name: app
  namespace: shop
spec:
  serviceAccountName: app
${extra}  containers:
    - {name: app, image: app:1}
`;

testCheck(check, {
  valid: [
    { name: 'the pod opts out', yaml: POD('  automountServiceAccountToken: false\n') },
    {
      name: 'the pod opts in explicitly (owner says the token is needed)',
      yaml: POD('  automountServiceAccountToken: true\n') + SA('automountServiceAccountToken: false\n'),
    },
    { name: 'the ServiceAccount opts out', yaml: POD() + SA('automountServiceAccountToken: false\n') },
    {
      name: 'the ServiceAccount opts in explicitly',
      yaml: POD() + SA('automountServiceAccountToken: true\n'),
    },
    {
      name: 'the pod opts out and mounts a projected token for another audience (deliberate)',
      yaml: POD(`  automountServiceAccountToken: false
  volumes:
    - name: vault
      projected:
        sources: [{serviceAccountToken: {audience: vault, path: token, expirationSeconds: 600}}]
`),
    },
  ],
  invalid: [
    {
      name: 'default mount, ServiceAccount without the field, no bindings',
      yaml: POD() + SA(),
      findings: [
        {
          path: 'spec.automountServiceAccountToken',
          line: 6,
          message:
            'The pod gets an API token for ServiceAccount "shop/app" by default (neither the pod nor the ServiceAccount sets automountServiceAccountToken), and no RoleBinding or ClusterRoleBinding in the input names that account: set automountServiceAccountToken: false',
        },
      ],
    },
    {
      name: 'default mount, ServiceAccount not in the input',
      yaml: POD(),
      findings: [
        {
          path: 'spec.automountServiceAccountToken',
          line: 6,
          message:
            'The pod gets an API token for ServiceAccount "shop/app" by default (the pod does not set automountServiceAccountToken and the ServiceAccount is not in the input), and no RoleBinding or ClusterRoleBinding in the input names that account: set automountServiceAccountToken: false',
        },
      ],
    },
    {
      name: 'a string "false" is not a boolean: the API rejects it, so it does not opt out',
      yaml: POD('  automountServiceAccountToken: "false"\n') + SA(),
      findings: [{ path: 'spec.automountServiceAccountToken', line: 8, message: /by default/ }],
    },
    {
      name: 'bindings to every service account or every identity do not count as need',
      yaml: `${POD()}${SA()}---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: system:service-account-issuer-discovery}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: system:service-account-issuer-discovery}
subjects: [{kind: Group, apiGroup: rbac.authorization.k8s.io, name: "system:serviceaccounts"}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: other, namespace: other}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}
subjects: [{kind: ServiceAccount, name: app}]
`,
      findings: [{ message: /no RoleBinding or ClusterRoleBinding in the input names that account/ }],
    },
  ],
});

describe('ZT-ID-002 with RBAC bindings in the input', () => {
  const BOUND = `${POD()}${SA()}---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: app-reader, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
subjects: [{kind: ServiceAccount, name: app}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: shop-viewers}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects: [{kind: Group, apiGroup: rbac.authorization.k8s.io, name: "system:serviceaccounts:shop"}]
`;
  it('names the binding and lowers the severity: the token is probably used', () => {
    const r = scanYaml(BOUND, [check]);
    expect(r.errors).toEqual([]);
    expect(r.findings.map((f) => [f.path, f.severity, f.location?.line, f.message])).toEqual([
      [
        'spec.automountServiceAccountToken',
        'low',
        6,
        'The pod gets an API token for ServiceAccount "shop/app" by default (neither the pod nor the ServiceAccount sets automountServiceAccountToken); RoleBinding "shop/app-reader" and 1 more binding grant that account access, so if the workload calls the API server set automountServiceAccountToken: true on the pod, otherwise false',
      ],
    ]);
  });
  it('a User subject with the service-account user name counts', () => {
    const text = `${POD()}---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: by-user}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects: [{kind: User, apiGroup: rbac.authorization.k8s.io, name: "system:serviceaccount:shop:app"}]
`;
    const [f] = scanYaml(text, [check]).findings;
    expect(f?.severity).toBe('low');
    expect(f?.message).toContain('ClusterRoleBinding "by-user" grants that account access');
  });
  it('the severity stays medium without bindings', () => {
    expect(scanYaml(POD(), [check]).findings.map((f) => f.severity)).toEqual(['medium']);
  });
});
