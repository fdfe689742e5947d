import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-NET-011-admin-policy-priority-unique.js';

const POD = `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: web, image: web:1.0}]}
`;
const anp = (name: string, priority: number, subject: string, rules: string) => `---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: ${name}}
spec:
  priority: ${priority}
  subject: ${subject}
${rules}`;
const ALL = '{namespaces: {}}';
const ALLOW_MON =
  '  ingress: [{name: mon, action: Allow, from: [{namespaces: {matchLabels: {kubernetes.io/metadata.name: monitoring}}}]}]\n';
const DENY_ALL = '  ingress: [{name: deny, action: Deny, from: [{namespaces: {}}]}]\n';

testCheck(check, {
  valid: [
    {
      name: 'different priorities',
      yaml: `${POD}${anp('a', 1, ALL, ALLOW_MON)}${anp('b', 2, ALL, DENY_ALL)}`,
    },
    {
      name: 'same priority, subjects without a common workload',
      yaml: `${POD}${anp('a', 1, ALL, ALLOW_MON)}${anp('b', 1, '{namespaces: {matchLabels: {kubernetes.io/metadata.name: other}}}', DENY_ALL)}`,
    },
    {
      name: 'same priority, same actions: the order cannot matter',
      yaml: `${POD}${anp('a', 1, ALL, DENY_ALL)}${anp('b', 1, ALL, DENY_ALL.replace('deny,', 'deny2,'))}`,
    },
    {
      name: 'same priority, different directions',
      yaml: `${POD}${anp('a', 1, ALL, ALLOW_MON)}${anp('b', 1, ALL, '  egress: [{name: deny, action: Deny, to: [{namespaces: {}}]}]\n')}`,
    },
    {
      name: 'same priority, different actions on disjoint ports',
      yaml: `${POD}${anp('a', 1, ALL, '  ingress: [{name: web, action: Allow, from: [{namespaces: {}}], ports: [{portNumber: {port: 80}}]}]\n')}${anp('b', 1, ALL, '  ingress: [{name: ssh, action: Deny, from: [{namespaces: {}}], ports: [{portNumber: {port: 22}}]}]\n')}`,
    },
  ],
  invalid: [
    {
      name: 'allow monitoring vs deny all at priority 10',
      yaml: `${POD}${anp('allow-monitoring', 10, ALL, ALLOW_MON)}${anp('deny-all', 10, ALL, DENY_ALL)}`,
      findings: [
        {
          resource: 'AdminNetworkPolicy/deny-all',
          path: 'spec.priority',
          line: 18,
          message:
            'AdminNetworkPolicies allow-monitoring and deny-all both have priority 10 and both select shop/web[Pod]; their ingress rules "mon" (Allow) and "deny" (Deny) both match a pod of namespace monitoring: the order is undefined, so implementations may decide differently (kzt evaluates allow-monitoring first, by name)',
        },
      ],
    },
    {
      name: 'three policies: each later one is reported against the earlier ones',
      yaml: `${POD}${anp('a', 5, ALL, ALLOW_MON)}${anp('b', 5, ALL, DENY_ALL)}${anp('c', 5, ALL, '  ingress: [{name: pass, action: Pass, from: [{namespaces: {}}]}]\n')}`,
      findings: [
        { resource: 'AdminNetworkPolicy/b', message: /^AdminNetworkPolicies a and b / },
        { resource: 'AdminNetworkPolicy/c', message: /^AdminNetworkPolicies a and c / },
        { resource: 'AdminNetworkPolicy/c', message: /^AdminNetworkPolicies b and c / },
      ],
    },
  ],
});
