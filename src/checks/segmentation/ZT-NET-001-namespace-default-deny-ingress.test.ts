import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-NET-001-namespace-default-deny-ingress.js';

const NS = `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
`;
const WEB = `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: web, image: web:1.0}]}
`;
const NO_DENY =
  'namespace shop has no default-deny ingress policy (a NetworkPolicy with podSelector: {} and policyTypes: [Ingress] and no ingress rules): a pod that no policy selects accepts connections from every pod and address';

const np = (spec: string, name = 'p') => `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: shop}
spec:
${spec}`;

const anp = (name: string, priority: number, ingress: string) => `---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: ${name}}
spec:
  priority: ${priority}
  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: shop}}}
  ingress:
${ingress}`;

testCheck(check, {
  valid: [
    {
      name: 'podSelector {} with policyTypes [Ingress]',
      yaml: `${NS}${WEB}${np('  podSelector: {}\n  policyTypes: [Ingress]\n')}`,
    },
    {
      name: 'policyTypes omitted: the API server defaults them to [Ingress]',
      yaml: `${NS}${WEB}${np('  podSelector: {}\n')}`,
    },
    {
      name: 'namespace-wide isolation with an allowance (same-namespace sources)',
      yaml: `${NS}${WEB}${np('  podSelector: {}\n  ingress: [{from: [{podSelector: {}}]}]\n')}`,
    },
    {
      name: 'AdminNetworkPolicy denying ingress from every namespace, after a narrow allow',
      yaml: `${NS}${WEB}${anp('deny', 5, '    - {name: monitoring, action: Allow, from: [{namespaces: {matchLabels: {team: monitoring}}}]}\n    - {name: all, action: Deny, from: [{namespaces: {}}]}\n')}`,
    },
    {
      name: 'BaselineAdminNetworkPolicy deny-all covering every namespace',
      yaml: `${NS}${WEB}---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: {name: default}
spec:
  subject: {namespaces: {}}
  ingress: [{name: deny, action: Deny, from: [{namespaces: {}}]}]
`,
    },
    {
      name: 'an ANP Pass of everything hands over to the namespace default deny',
      yaml: `${NS}${WEB}${anp('pass', 5, '    - {name: all, action: Pass, from: [{namespaces: {}}]}\n')}${np('  podSelector: {}\n')}`,
    },
    {
      name: 'only host-network pods, which no policy can isolate, and a namespace without workloads',
      yaml: `${NS}apiVersion: v1
kind: Pod
metadata: {name: agent, namespace: shop}
spec: {hostNetwork: true, containers: [{name: a, image: a:1.0}]}
---
apiVersion: v1
kind: Namespace
metadata: {name: empty}
`,
    },
  ],
  invalid: [
    {
      name: 'no policy at all: reported on the Namespace object',
      yaml: `${NS}${WEB}`,
      findings: [{ resource: 'Namespace/shop', path: 'metadata.name', line: 3, message: NO_DENY }],
    },
    {
      name: 'no Namespace object: reported on the first workload of the namespace',
      yaml: WEB,
      findings: [{ resource: 'Pod/web', path: 'metadata.namespace', line: 3, message: NO_DENY }],
    },
    {
      name: 'a policy selecting only some pods is not a default deny',
      yaml: `${NS}${WEB}${np('  podSelector: {matchLabels: {app: web}}\n')}`,
      findings: [{ resource: 'Namespace/shop', message: NO_DENY }],
    },
    {
      name: 'namespace-wide policy for egress only',
      yaml: `${NS}${WEB}${np('  podSelector: {}\n  policyTypes: [Egress]\n', 'default-deny')}`,
      findings: [
        {
          resource: 'NetworkPolicy/default-deny',
          path: 'spec.policyTypes',
          line: 15,
          message:
            'NetworkPolicy shop/default-deny selects every pod of namespace shop but its policyTypes [Egress] do not include Ingress: a pod that no other policy selects accepts connections from every pod and address',
        },
      ],
    },
    {
      name: 'an allow-everything rule voids the namespace-wide isolation',
      yaml: `${NS}${WEB}${np('  podSelector: {}\n  ingress:\n    - {}\n', 'open')}`,
      findings: [
        {
          resource: 'NetworkPolicy/open',
          path: 'spec.ingress[0]',
          line: 16,
          message:
            'NetworkPolicy shop/open isolates every pod of namespace shop for ingress, but its ingress rule #1 allows every source on every port, so nothing is denied by default',
        },
      ],
    },
    {
      name: 'peers covering every pod and every address on every port also void it',
      yaml: `${NS}${WEB}${np('  podSelector: {}\n  ingress:\n    - from: [{namespaceSelector: {}}, {ipBlock: {cidr: 0.0.0.0/0}}]\n', 'open')}`,
      findings: [{ resource: 'NetworkPolicy/open', path: 'spec.ingress[0]' }],
    },
    {
      name: 'an ANP allowing everything before its deny voids the default deny (even with a NetworkPolicy one)',
      yaml: `${NS}${WEB}${anp('open', 1, '    - {name: everyone, action: Allow, from: [{namespaces: {}}]}\n    - {name: deny, action: Deny, from: [{namespaces: {}}]}\n')}${np('  podSelector: {}\n')}`,
      findings: [
        {
          resource: 'AdminNetworkPolicy/open',
          path: 'spec.ingress[0]',
          message:
            'AdminNetworkPolicy open (priority 1) allows ingress from every pod for every pod of namespace shop (rule "everyone"), before any deny: nothing in shop is denied by default',
        },
      ],
    },
    {
      name: 'an ANP Pass of everything with no NetworkPolicy behind it',
      yaml: `${NS}${WEB}${anp('pass', 5, '    - {name: all, action: Pass, from: [{namespaces: {}}]}\n    - {name: deny, action: Deny, from: [{namespaces: {}}]}\n')}`,
      findings: [{ resource: 'Namespace/shop', message: NO_DENY }],
    },
    {
      name: 'an ANP deny limited to some ports is an allowance pattern, not a default deny',
      yaml: `${NS}${WEB}${anp('deny-ssh', 5, '    - {name: ssh, action: Deny, from: [{namespaces: {}}], ports: [{portNumber: {port: 22}}]}\n')}`,
      findings: [{ resource: 'Namespace/shop', message: NO_DENY }],
    },
    {
      name: 'a BANP that allows everything first',
      yaml: `${NS}${WEB}---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: {name: default}
spec:
  subject: {namespaces: {}}
  ingress: [{name: all, action: Allow, from: [{namespaces: {}}]}, {name: deny, action: Deny, from: [{namespaces: {}}]}]
`,
      findings: [
        {
          resource: 'Namespace/shop',
          message: `${NO_DENY}; BaselineAdminNetworkPolicy default allows everything (rule "all")`,
        },
      ],
    },
  ],
});
