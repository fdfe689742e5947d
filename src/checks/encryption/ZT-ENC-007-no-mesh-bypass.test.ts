import { testCheck } from '../../../test/support/check-tester.js';
import check from './ZT-ENC-007-no-mesh-bypass.js';

const NS = (name: string, meta: string) =>
  `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n${meta}---\n`;
const POD = (ns: string, meta: string) => `apiVersion: v1
kind: Pod
metadata:
  name: p
  namespace: ${ns}
${meta}spec:
  containers: [{name: c, image: x:1}]
`;

testCheck(check, {
  valid: [
    {
      name: 'meshed pods without exclusions',
      yaml: NS('shop', '  labels: {istio-injection: enabled}\n') + POD('shop', ''),
    },
    {
      name: 'opt-outs where the namespace is not meshed, or not in the input',
      yaml: `${NS('plain', '  labels: {team: a}\n')}${POD('plain', '  labels: {sidecar.istio.io/inject: "false"}\n')}---
${POD('unknown', '  annotations: {linkerd.io/inject: disabled, traffic.sidecar.istio.io/excludeInboundPorts: "8080"}\n')}`,
    },
    {
      name: 'istio-injection=disabled wins over a revision label',
      yaml:
        NS('old', '  labels: {istio-injection: disabled, istio.io/rev: canary}\n') +
        POD('old', '  labels: {sidecar.istio.io/inject: "false"}\n'),
    },
    {
      name: 'empty exclusion lists',
      yaml:
        NS('shop', '  labels: {istio-injection: enabled}\n') +
        POD('shop', '  annotations: {traffic.sidecar.istio.io/excludeInboundPorts: " , "}\n'),
    },
  ],
  invalid: [
    {
      name: 'Istio sidecar opt-out by label in an injected namespace',
      yaml:
        NS('shop', '  labels:\n    istio-injection: enabled\n') +
        POD('shop', '  labels:\n    sidecar.istio.io/inject: "false"\n'),
      findings: [
        {
          path: 'metadata.labels["sidecar.istio.io/inject"]',
          line: 14,
          message:
            'The pod opts out of the Istio sidecar (sidecar.istio.io/inject: "false") in namespace "shop" (istio-injection=enabled): its traffic is neither encrypted nor authenticated by the mesh',
        },
      ],
    },
    {
      name: 'Istio opt-out by annotation in a revision-labelled namespace',
      yaml:
        NS('shop', '  labels: {istio.io/rev: stable}\n') +
        POD('shop', '  annotations: {sidecar.istio.io/inject: "false"}\n'),
      findings: [
        { path: 'metadata.annotations["sidecar.istio.io/inject"]', message: /\(istio.io\/rev=stable\)/ },
      ],
    },
    {
      name: 'port exclusions of a pod that opts into Istio itself (no Namespace needed)',
      yaml: POD(
        'shop',
        '  labels:\n    sidecar.istio.io/inject: "true"\n  annotations:\n    traffic.sidecar.istio.io/excludeInboundPorts: "8080, 9090"\n    traffic.sidecar.istio.io/excludeOutboundPorts: "5432"\n',
      ),
      findings: [
        {
          path: 'metadata.annotations["traffic.sidecar.istio.io/excludeInboundPorts"]',
          line: 9,
          message:
            'The pod excludes inbound ports 8080, 9090 from the Istio sidecar (traffic.sidecar.istio.io/excludeInboundPorts): traffic on them bypasses mTLS and AuthorizationPolicy',
        },
        {
          path: 'metadata.annotations["traffic.sidecar.istio.io/excludeOutboundPorts"]',
          line: 10,
          message:
            'The pod excludes outbound ports 5432 from the Istio sidecar (traffic.sidecar.istio.io/excludeOutboundPorts): traffic on them bypasses mTLS',
        },
      ],
    },
    {
      name: 'ambient opt-out',
      yaml:
        NS('amb', '  labels: {istio.io/dataplane-mode: ambient}\n') +
        POD('amb', '  labels: {istio.io/dataplane-mode: none}\n'),
      findings: [
        { path: 'metadata.labels["istio.io/dataplane-mode"]', message: /opts out of the Istio ambient mesh/ },
      ],
    },
    {
      name: 'Linkerd opt-out, and skipped ports in a Linkerd namespace',
      yaml: `${NS('ld', '  annotations: {linkerd.io/inject: enabled}\n')}${POD('ld', '  annotations: {linkerd.io/inject: disabled}\n')}---
apiVersion: apps/v1
kind: Deployment
metadata: {name: d, namespace: ld}
spec:
  template:
    metadata:
      annotations:
        config.linkerd.io/skip-inbound-ports: "4190,4191"
    spec:
      containers: [{name: c, image: x:1}]
`,
      findings: [
        {
          path: 'metadata.annotations["linkerd.io/inject"]',
          message:
            'The pod opts out of the Linkerd proxy (linkerd.io/inject: disabled) in namespace "ld" (linkerd.io/inject: enabled): its traffic is neither encrypted nor authenticated by the mesh',
        },
        {
          path: 'spec.template.metadata.annotations["config.linkerd.io/skip-inbound-ports"]',
          line: 23,
          message:
            'The pod skips inbound ports 4190, 4191 in the Linkerd proxy (config.linkerd.io/skip-inbound-ports): traffic on them bypasses mTLS and Linkerd authorization policy',
        },
      ],
    },
  ],
});
