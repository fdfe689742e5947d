import { defineCheck } from '../../engine/define-check.js';
import { parseLabelSelector, type Selector, selectorMatches } from '../../model/selectors.js';
import { asArray, asRecord, isRecord, type JsonPath, type Resource } from '../../model/types.js';
import { formatSelector } from '../../netpol/selection.js';
import { policyResources } from './support.js';

const FAIL = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-dns, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to:
        - namespaceSelector: {matchLabels: {name: kube-system}}
      ports: [{protocol: UDP, port: 53}]
`;

const PASS = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-dns, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to:
        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}
      ports: [{protocol: UDP, port: 53}]
`;

/** Namespaces every cluster has. */
const BUILTIN = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

/** Every namespace selector of a policy, with its path. */
function namespaceSelectors(r: Resource): Array<{ raw: unknown; path: JsonPath }> {
  const spec = asRecord(r.object.spec);
  if (!spec) return [];
  const out: Array<{ raw: unknown; path: JsonPath }> = [];
  if (r.ref.kind === 'NetworkPolicy') {
    for (const [dir, key] of [
      ['ingress', 'from'],
      ['egress', 'to'],
    ] as const)
      asArray(spec[dir]).forEach((rule, i) => {
        asArray(asRecord(rule)?.[key]).forEach((peer, j) => {
          const p = asRecord(peer);
          if (p && p.namespaceSelector != null && p.ipBlock === undefined)
            out.push({ raw: p.namespaceSelector, path: ['spec', dir, i, key, j, 'namespaceSelector'] });
        });
      });
    return out;
  }
  const selection = (v: unknown, path: JsonPath) => {
    const s = asRecord(v);
    if (!s) return;
    if (isRecord(s.namespaces)) out.push({ raw: s.namespaces, path: [...path, 'namespaces'] });
    else if (isRecord(asRecord(s.pods)?.namespaceSelector))
      out.push({ raw: asRecord(s.pods)!.namespaceSelector, path: [...path, 'pods', 'namespaceSelector'] });
  };
  selection(spec.subject, ['spec', 'subject']);
  for (const [dir, key] of [
    ['ingress', 'from'],
    ['egress', 'to'],
  ] as const)
    asArray(spec[dir]).forEach((rule, i) => {
      asArray(asRecord(rule)?.[key]).forEach((peer, j) => {
        selection(peer, ['spec', dir, i, key, j]);
      });
    });
  return out;
}

export default defineCheck({
  meta: {
    id: 'ZT-NET-010',
    slug: 'namespace-selector-matches',
    title: 'Namespace selectors must match a namespace',
    pillar: 'segmentation',
    severity: 'low',
    description: `A \`namespaceSelector\` that matches no namespace makes its peer match nothing: an allow rule allows nothing (an outage, or a "temporary" allow-all next to it), and an AdminNetworkPolicy subject protects nothing. The most common cause is selecting namespaces by a \`name\` label that nobody sets: the control plane sets only the immutable \`kubernetes.io/metadata.name\` label. Others are typos and namespaces renamed since the policy was written.

kzt evaluates each namespace selector of NetworkPolicy peers and of AdminNetworkPolicy/BaselineAdminNetworkPolicy subjects and peers against the namespaces of the input — Namespace objects with their labels, every namespace an object lives in, and the namespaces every cluster has (\`default\`, \`kube-system\`, \`kube-public\`, \`kube-node-lease\`) — each with \`kubernetes.io/metadata.name\`. A namespace the input only mentions has no other known label; the message says how many such namespaces there are, because their labels may exist in the cluster.`,
    remediation: `Select namespaces by the label the control plane sets:

\`\`\`yaml
- namespaceSelector:
    matchLabels:
      kubernetes.io/metadata.name: kube-system
\`\`\``,
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/#targeting-a-namespace-by-its-name',
      'https://kubernetes.io/docs/reference/labels-annotations-taints/#kubernetes-io-metadata-name',
    ],
    frameworks: [
      { framework: 'nsa-cisa', control: 'Network separation and hardening: NetworkPolicies' },
      { framework: 'cis', control: '5.3.2' },
    ],
    sources: [],
  },
  examples: { fail: [FAIL], pass: [PASS] },
  target: 'inventory',
  applicable: policyResources,
  run(ctx) {
    const inv = ctx.inventory;
    const names = [...new Set([...inv.namespaces(), ...BUILTIN])].sort();
    const known = names.map((n) => ({ name: n, labels: inv.namespaceLabels(n) }));
    // Namespaces by label: a selector requiring key=value can only match those listed under it.
    const byLabel = new Map<string, Map<string, typeof known>>();
    for (const ns of known)
      for (const [k, v] of Object.entries(ns.labels)) {
        let values = byLabel.get(k);
        if (!values) {
          values = new Map();
          byLabel.set(k, values);
        }
        const list = values.get(v);
        if (list) list.push(ns);
        else values.set(v, [ns]);
      }
    const matchesSome = (sel: Selector): boolean => {
      let candidates = known;
      for (const r of sel.requirements) {
        if (r.operator !== 'In' || r.values.length !== 1) continue;
        const list = byLabel.get(r.key)?.get(r.values[0]!) ?? [];
        if (list.length < candidates.length) candidates = list;
      }
      return candidates.some((ns) => selectorMatches(sel, ns.labels));
    };
    const withoutObject = names.filter((n) => !inv.get('', 'Namespace', undefined, n)).length;
    for (const r of policyResources(ctx)) {
      for (const { raw, path } of namespaceSelectors(r)) {
        const parsed = parseLabelSelector(raw);
        if (!parsed.ok || parsed.selector.matchesAll) continue;
        if (matchesSome(parsed.selector)) continue;
        const nameLabel = asRecord(asRecord(raw)?.matchLabels)?.name;
        const hint =
          typeof nameLabel === 'string'
            ? `; the "name" label is not set by Kubernetes — did you mean kubernetes.io/metadata.name: ${nameLabel}?`
            : '';
        const caveat =
          withoutObject > 0
            ? ` (${withoutObject} of them without a Namespace object in the input, whose labels other than kubernetes.io/metadata.name kzt cannot see)`
            : '';
        ctx.report({
          resource: r,
          path,
          key: path.join('.'),
          message: `namespace selector ${formatSelector(parsed.selector)} matches none of the ${names.length} known namespaces${caveat}: the peer matches nothing${hint}`,
        });
      }
    }
  },
});
