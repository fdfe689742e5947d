import { describe, expect, it } from 'vitest';
import { inventoryFromYaml } from '../input/load.js';
import {
  bindingsOf,
  formatBinding,
  resolveServiceAccountToken,
  serviceAccountBindings,
} from './service-account-token.js';

function pod(extra: string): string {
  return `apiVersion: v1
kind: Pod
metadata: {name: p, namespace: shop}
spec:
  serviceAccountName: app
${extra}  containers: [{name: c, image: nginx:1}]
`;
}
function sa(setting: string | undefined): string {
  return `---
apiVersion: v1
kind: ServiceAccount
metadata: {name: app, namespace: shop}
${setting === undefined ? '' : `automountServiceAccountToken: ${setting}\n`}`;
}

function resolve(text: string) {
  const inv = inventoryFromYaml(text).inventory;
  const w = inv.workloads()[0]!;
  return resolveServiceAccountToken(w, inv);
}

describe('automountServiceAccountToken: the pod wins, then the ServiceAccount, then true', () => {
  // [pod setting, SA setting ('missing' = no ServiceAccount object), mounted, decidedBy]
  const table: Array<[string | undefined, string | undefined | 'missing', boolean, string]> = [
    [undefined, 'missing', true, 'default'],
    [undefined, undefined, true, 'default'],
    [undefined, 'true', true, 'serviceAccount'],
    [undefined, 'false', false, 'serviceAccount'],
    ['true', 'missing', true, 'pod'],
    ['true', undefined, true, 'pod'],
    ['true', 'true', true, 'pod'],
    ['true', 'false', true, 'pod'],
    ['false', 'missing', false, 'pod'],
    ['false', undefined, false, 'pod'],
    ['false', 'true', false, 'pod'],
    ['false', 'false', false, 'pod'],
    // YAML 1.1 booleans, as Kubernetes reads them.
    ['no', 'yes', false, 'pod'],
    [undefined, 'off', false, 'serviceAccount'],
    // Strings are rejected by the API server; treated as not set.
    ['"false"', 'missing', true, 'default'],
    ['"false"', 'false', false, 'serviceAccount'],
    [undefined, '"false"', true, 'default'],
    ['null', 'false', false, 'serviceAccount'],
  ];
  it.each(table)('pod %s, ServiceAccount %s → mounted %s (%s)', (p, s, mounted, by) => {
    const text =
      pod(p === undefined ? '' : `  automountServiceAccountToken: ${p}\n`) + (s === 'missing' ? '' : sa(s));
    const r = resolve(text);
    expect(r.automount).toBe(mounted);
    expect(r.decidedBy).toBe(by);
    expect(r.serviceAccountObject === undefined).toBe(s === 'missing');
  });

  it('a ServiceAccount of the same name in another namespace does not count', () => {
    const r = resolve(
      `${pod('')}---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: app, namespace: other}\nautomountServiceAccountToken: false\n`,
    );
    expect(r).toMatchObject({ automount: true, decidedBy: 'default', serviceAccountObject: undefined });
  });

  it('resolves the implicit default ServiceAccount and the deprecated serviceAccount field', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      serviceAccount: legacy
      containers: [{name: c, image: x}]
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: legacy}
automountServiceAccountToken: false
`;
    expect(resolve(text)).toMatchObject({
      namespace: 'default',
      serviceAccount: 'legacy',
      automount: false,
      decidedBy: 'serviceAccount',
    });
    const implicit = resolve('apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: []}\n');
    expect(implicit).toMatchObject({ namespace: 'default', serviceAccount: 'default', automount: true });
  });
});

describe('explicit token volumes', () => {
  it('finds projected serviceAccountToken sources whatever automount says', () => {
    const r = resolve(
      pod(`  automountServiceAccountToken: false
  volumes:
    - name: vault-token
      projected:
        sources:
          - configMap: {name: ca}
          - serviceAccountToken: {audience: vault, expirationSeconds: 600, path: token}
    - name: api
      projected:
        sources: [{serviceAccountToken: {path: token}}]
    - name: junk
      projected: {sources: "x"}
    - 42
`),
    );
    expect(r.automount).toBe(false);
    expect(r.projected).toEqual([
      {
        volume: 'vault-token',
        audience: 'vault',
        expirationSeconds: 600,
        path: ['spec', 'volumes', 0, 'projected', 'sources', 1, 'serviceAccountToken'],
      },
      { volume: 'api', path: ['spec', 'volumes', 1, 'projected', 'sources', 0, 'serviceAccountToken'] },
    ]);
  });

  it('finds secret volumes of legacy service-account-token Secrets in the same namespace only', () => {
    const r = resolve(
      `${pod(`  volumes:
    - {name: t, secret: {secretName: app-token}}
    - {name: o, secret: {secretName: opaque}}
    - {name: x, secret: {secretName: elsewhere}}
`)}---
apiVersion: v1
kind: Secret
metadata: {name: app-token, namespace: shop, annotations: {kubernetes.io/service-account.name: app}}
type: kubernetes.io/service-account-token
---
apiVersion: v1
kind: Secret
metadata: {name: opaque, namespace: shop}
type: Opaque
---
apiVersion: v1
kind: Secret
metadata: {name: elsewhere, namespace: other}
type: kubernetes.io/service-account-token
`,
    );
    expect(r.legacySecrets).toEqual([
      { volume: 't', secretName: 'app-token', path: ['spec', 'volumes', 0, 'secret', 'secretName'] },
    ]);
  });
});

describe('serviceAccountBindings', () => {
  const rbac = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: rb, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}
subjects:
  - {kind: ServiceAccount, name: app}
  - {kind: ServiceAccount, name: other, namespace: elsewhere}
  - {kind: User, name: "system:serviceaccount:shop:viauser"}
  - {kind: User, name: "system:serviceaccount:bad"}
  - {kind: Group, name: "system:serviceaccounts:team"}
  - {kind: Group, name: "system:serviceaccounts"}
  - {kind: Group, name: "system:authenticated"}
  - 7
  - {kind: ServiceAccount}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: crb}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects:
  - {kind: ServiceAccount, name: nons}
  - {kind: ServiceAccount, name: app, namespace: shop}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: subjects}
subjects: [{kind: ServiceAccount, name: app}]
`;
  const inv = inventoryFromYaml(rbac).inventory;
  const index = serviceAccountBindings(inv);
  const names = (ns: string, name: string) => bindingsOf(index, ns, name).map(formatBinding);

  it('a RoleBinding subject without namespace is in the binding namespace', () => {
    expect(names('shop', 'app')).toEqual(['RoleBinding "shop/rb"', 'ClusterRoleBinding "crb"']);
    expect(names('elsewhere', 'other')).toEqual(['RoleBinding "shop/rb"']);
  });
  it('a User subject with a service-account user name matches that account', () => {
    expect(names('shop', 'viauser')).toEqual(['RoleBinding "shop/rb"']);
    expect(names('shop', 'bad')).toEqual([]);
  });
  it('the group of a namespace matches every account in it; cluster-wide groups are left out', () => {
    expect(names('team', 'anyone')).toEqual(['RoleBinding "shop/rb"']);
    expect(names('shop', 'nobody')).toEqual([]);
  });
  it('a ClusterRoleBinding subject without namespace matches nothing', () => {
    expect(names('default', 'nons')).toEqual([]);
    expect([...index.keys()].some((k) => k.endsWith('/nons'))).toBe(false);
  });
});
