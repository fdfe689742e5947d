import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-NET-009-egress-allows-dns.js';

const WEB = `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: web, image: web:1.0}]}
`;
const DENY = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
`;
const allow = (egress: string) => `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-dns, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
${egress}`;
const KUBE_DNS = `    - to:
        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}
          podSelector: {matchLabels: {k8s-app: kube-dns}}
`;
const COREDNS = `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: coredns, namespace: kube-system}
spec:
  selector: {matchLabels: {k8s-app: kube-dns}}
  template:
    metadata: {labels: {k8s-app: kube-dns}}
    spec:
      containers:
        - name: coredns
          image: coredns:1.11
          ports: [{name: dns, containerPort: 10053, protocol: UDP}, {name: dns-tcp, containerPort: 10053}]
`;

testCheck(check, {
  valid: [
    { name: 'no egress isolation', yaml: WEB },
    {
      name: 'UDP and TCP 53 to kube-dns (no DNS pods in the input: the usual CoreDNS)',
      yaml: `${WEB}${DENY}${allow(`${KUBE_DNS}      ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]\n`)}`,
    },
    {
      name: 'port 53 to any destination',
      yaml: `${WEB}${DENY}${allow('    - ports: [{port: 53, protocol: UDP}, {port: 53}]\n')}`,
    },
    {
      name: 'named ports resolved on the DNS pods of the input (container port 10053)',
      yaml: `${WEB}${DENY}${allow(`${KUBE_DNS}      ports: [{port: dns, protocol: UDP}, {port: dns-tcp}]\n`)}${COREDNS}`,
    },
    {
      name: 'NodeLocal DNSCache address',
      yaml: `${WEB}${DENY}${allow('    - to: [{ipBlock: {cidr: 169.254.20.10/32}}]\n      ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]\n')}`,
    },
  ],
  invalid: [
    {
      name: 'default deny without DNS',
      yaml: `${WEB}${DENY}`,
      findings: [
        {
          resource: 'NetworkPolicy/default-deny',
          path: 'spec.policyTypes',
          line: 11,
          message:
            'NetworkPolicy shop/default-deny isolates egress of shop/web[Pod] without allowing DNS (UDP and TCP 53 to kube-system/kube-dns): name resolution fails',
        },
      ],
    },
    {
      name: 'UDP only: low severity',
      yaml: `${WEB}${DENY}${allow(`${KUBE_DNS}      ports: [{port: 53, protocol: UDP}]\n`)}`,
      findings: [
        {
          resource: 'NetworkPolicy/default-deny',
          message:
            'NetworkPolicy shop/default-deny isolates egress of shop/web[Pod] allowing DNS over UDP but not TCP 53 to kube-system/kube-dns: large answers (truncated over UDP) fail',
        },
      ],
    },
    {
      name: 'port 53 where the DNS pods of the input listen on 10053',
      yaml: `${WEB}${DENY}${allow(`${KUBE_DNS}      ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]\n`)}${COREDNS}`,
      findings: [
        {
          message:
            'NetworkPolicy shop/default-deny isolates egress of shop/web[Pod] without allowing DNS (UDP and TCP 53 to kube-system/coredns[Deployment]): name resolution fails',
        },
      ],
    },
    {
      name: 'a wrong namespace label for kube-system',
      yaml: `${WEB}${DENY}${allow('    - to: [{namespaceSelector: {matchLabels: {name: kube-system}}}]\n      ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]\n')}`,
      findings: [{ resource: 'NetworkPolicy/default-deny' }],
    },
  ],
});
