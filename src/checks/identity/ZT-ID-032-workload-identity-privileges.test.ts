import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-ID-032-workload-identity-privileges.js';

const API = 'apiVersion: rbac.authorization.k8s.io/v1';
const SECRET_READER = `${API}
kind: ClusterRole
metadata: {name: secret-reader}
rules: [{apiGroups: [""], resources: [secrets], verbs: [list]}]
---
${API}
kind: ClusterRoleBinding
metadata: {name: api-secrets}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: secret-reader}
subjects: [{kind: ServiceAccount, name: api, namespace: shop}]
`;
const pod = (spec = '  serviceAccountName: api\n') =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: api, namespace: shop, labels: {app: api}}\nspec:\n${spec}  containers: [{name: api, image: "api:1"}]\n`;

testCheck(check, {
  valid: [
    { name: 'no binding at all', yaml: pod() },
    {
      name: 'the ServiceAccount turns the token off',
      yaml: `${SECRET_READER}---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: api, namespace: shop}\nautomountServiceAccountToken: false\n---\n${pod()}`,
    },
    {
      name: 'a projected token for another audience is not an API credential',
      yaml: `${SECRET_READER}---\n${pod('  serviceAccountName: api\n  automountServiceAccountToken: false\n  volumes: [{name: vault, projected: {sources: [{serviceAccountToken: {path: t, audience: vault}}]}}]\n')}`,
    },
    {
      name: 'read-only access is not dangerous',
      yaml: `${API}\nkind: RoleBinding\nmetadata: {name: v, namespace: shop}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects: [{kind: ServiceAccount, name: api}]\n---\n${pod()}`,
    },
  ],
  invalid: [
    {
      name: 'secrets cluster-wide, not exposed',
      yaml: `${SECRET_READER}---\n${pod()}`,
      findings: [
        {
          path: 'spec.serviceAccountName',
          line: 16,
          message:
            'Pod shop/api runs as ServiceAccount shop/api with an automounted token, which can read Secrets (get, list or watch secrets) cluster-wide (via ClusterRoleBinding api-secrets (test.yaml:6) → ClusterRole secret-reader rule 0 (list secrets in core)).',
        },
      ],
    },
    {
      name: 'the default account through the namespace group, behind an Ingress',
      yaml: `${API}\nkind: RoleBinding\nmetadata: {name: all-sas, namespace: shop}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}\nsubjects: [{kind: Group, name: "system:serviceaccounts:shop"}]\n---\napiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: shop}\nspec: {selector: {app: api}, ports: [{port: 80}]}\n---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: api, namespace: shop}\nspec:\n  rules: [{host: api.example.com, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: api, port: {number: 80}}}}]}}]\n---\n${pod('')}`,
      findings: [
        {
          path: 'spec',
          message:
            /^Pod shop\/api \(internet-facing through Ingress shop\/api \(backend Service api\)\) runs as ServiceAccount shop\/default with an automounted token, which can impersonate users, groups or service accounts in namespace shop \(via RoleBinding shop\/all-sas \(test.yaml:1\) → ClusterRole edit rule 1 from system:aggregate-to-edit rule 1 \(impersonate serviceaccounts in core\)\); it can also create pods in namespace shop; /,
        },
      ],
    },
    {
      name: 'a projected API token still counts when automount is off',
      yaml: `${SECRET_READER}---\n${pod('  serviceAccountName: api\n  automountServiceAccountToken: false\n  volumes: [{name: t, projected: {sources: [{serviceAccountToken: {path: token}}]}}]\n')}`,
      findings: [{ message: /with a projected API token, which can read Secrets/ }],
    },
    {
      name: 'an internal load balancer is not internet-facing',
      yaml: `${SECRET_READER}---\napiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: shop, annotations: {networking.gke.io/load-balancer-type: Internal}}\nspec: {type: LoadBalancer, selector: {app: api}, ports: [{port: 80}]}\n---\n${pod()}`,
      findings: [{ message: /^Pod shop\/api runs as ServiceAccount shop\/api/ }],
    },
  ],
});
