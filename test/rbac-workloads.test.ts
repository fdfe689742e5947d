/**
 * Workloads and their identities: exposure (which object makes a workload reachable from
 * outside) and the workload → service account → token → permissions chain.
 */
import { describe, expect, it } from 'vitest';
import { inventoryFromYaml } from '../src/input/load.js';
import { ExposureIndex } from '../src/rbac/exposure.js';
import { buildRbacIndex } from '../src/rbac/index.js';
import { WorkloadIdentities } from '../src/rbac/workload-identity.js';

const DEPLOY = (labels = '{app: web}', spec = '') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: ${labels}}
    spec:
${spec}      containers: [{name: web, image: "web:1"}]
`;
const SVC = (spec: string, extra = '') =>
  `apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop${extra}}\nspec: ${spec}\n`;

function exposure(yaml: string): string[] {
  const { inventory } = inventoryFromYaml(yaml);
  const idx = new ExposureIndex(inventory);
  return inventory.workloads().flatMap((w) => idx.of(w).map((e) => e.text));
}

describe('exposure', () => {
  it.each([
    [
      'a LoadBalancer Service',
      SVC('{type: LoadBalancer, selector: {app: web}, ports: [{port: 80}]}'),
      ['Service shop/web of type LoadBalancer'],
    ],
    [
      'a NodePort Service',
      SVC('{type: NodePort, selector: {app: web}, ports: [{port: 80}]}'),
      ['Service shop/web of type NodePort'],
    ],
    ['a ClusterIP Service alone', SVC('{selector: {app: web}, ports: [{port: 80}]}'), []],
    [
      'an internal load balancer',
      SVC(
        '{type: LoadBalancer, selector: {app: web}, ports: [{port: 80}]}',
        ', annotations: {service.beta.kubernetes.io/azure-load-balancer-internal: "true"}',
      ),
      [],
    ],
    [
      'a Service whose selector does not match',
      SVC('{type: LoadBalancer, selector: {app: api}, ports: [{port: 80}]}'),
      [],
    ],
    ['a Service without selector', SVC('{type: LoadBalancer, ports: [{port: 80}]}'), []],
    [
      'an Ingress backend',
      `${SVC('{selector: {app: web}, ports: [{port: 80}]}')}---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web, namespace: shop}\nspec: {defaultBackend: {service: {name: web, port: {number: 80}}}}\n`,
      ['Ingress shop/web (backend Service web)'],
    ],
    [
      'an Ingress in another namespace does not count',
      `${SVC('{selector: {app: web}, ports: [{port: 80}]}')}---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web, namespace: other}\nspec: {defaultBackend: {service: {name: web, port: {number: 80}}}}\n`,
      [],
    ],
    [
      'an HTTPRoute backendRef across namespaces',
      `${SVC('{selector: {app: web}, ports: [{port: 80}]}')}---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r, namespace: gw}\nspec: {rules: [{backendRefs: [{name: web, namespace: shop, port: 80}]}]}\n`,
      ['HTTPRoute gw/r (backend Service shop/web)'],
    ],
  ])('%s', (_n, extra, expected) => {
    expect(exposure(`${DEPLOY()}---\n${extra}`)).toEqual(expected);
  });
});

describe('workload identities', () => {
  const RBAC = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: sas, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
subjects: [{kind: Group, name: "system:serviceaccounts:shop"}]
`;
  function identity(yaml: string) {
    const { inventory } = inventoryFromYaml(yaml);
    const ids = new WorkloadIdentities(inventory, buildRbacIndex(inventory));
    const w = inventory.workloads()[0]!;
    const id = ids.of(w);
    return {
      account: `${id.subject.namespace}/${id.subject.name}`,
      token: id.apiToken,
      risks: id.risks.map((r) => r.risk.id),
      grants: id.grants.length,
    };
  }

  it('the implicit default account, with group grants, automounted', () => {
    expect(identity(`${DEPLOY()}---\n${RBAC}`)).toMatchObject({
      account: 'shop/default',
      token: 'automount',
      risks: expect.arrayContaining(['create-pods', 'read-secrets', 'pods-exec', 'token-request']),
    });
  });

  it('the ServiceAccount field turns the token off; the pod field wins over it', () => {
    const sa = (v: boolean) =>
      `apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: web, namespace: shop}\nautomountServiceAccountToken: ${v}\n`;
    expect(
      identity(`${DEPLOY('{app: web}', '      serviceAccountName: web\n')}---\n${sa(false)}---\n${RBAC}`)
        .token,
    ).toBeUndefined();
    expect(
      identity(
        `${DEPLOY('{app: web}', '      serviceAccountName: web\n      automountServiceAccountToken: true\n')}---\n${sa(false)}---\n${RBAC}`,
      ).token,
    ).toBe('automount');
  });

  it('a legacy token Secret mounted as a volume is an API credential', () => {
    const yaml = `${DEPLOY('{app: web}', '      automountServiceAccountToken: false\n      volumes: [{name: t, secret: {secretName: old-token}}]\n')}---
apiVersion: v1
kind: Secret
metadata: {name: old-token, namespace: shop, annotations: {kubernetes.io/service-account.name: default}}
type: kubernetes.io/service-account-token
`;
    expect(identity(yaml).token).toBe('legacy-secret');
  });

  it('expected system grants do not count as risks', () => {
    const yaml = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: proxy, namespace: kube-system}
spec:
  selector: {matchLabels: {k: p}}
  template:
    metadata: {labels: {k: p}}
    spec:
      serviceAccountName: kube-proxy
      containers: [{name: p, image: "p:1"}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: "system:kube-proxy"}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects: [{kind: ServiceAccount, name: kube-proxy, namespace: kube-system}]
`;
    expect(identity(yaml)).toMatchObject({
      account: 'kube-system/kube-proxy',
      token: 'automount',
      risks: [],
    });
  });
});
