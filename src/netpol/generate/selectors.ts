/**
 * Which labels select a workload in a generated policy: stable ones, few, and enough to
 * tell it from the other workloads of its namespace.
 *
 * Keys are tried in this order, adding one at a time until no other workload of the
 * namespace matches: app.kubernetes.io/name, app.kubernetes.io/instance,
 * app.kubernetes.io/component, app, k8s-app, name, component, tier, role, then the
 * workload's other labels by name. Labels that change with every rollout or identify
 * one pod (pod-template-hash, controller-revision-hash, statefulset pod names, versions,
 * Helm chart versions) are never used. When even every stable label also matches
 * another workload (identical labels), that is reported: the policy applies to both.
 */
import type { Labels } from '../../model/selectors.js';
import { NOISE_LABEL } from '../flows/hubble.js';
import type { WorkloadPeer } from '../workloads.js';

export const PREFERRED_KEYS = [
  'app.kubernetes.io/name',
  'app.kubernetes.io/instance',
  'app.kubernetes.io/component',
  'app',
  'k8s-app',
  'name',
  'component',
  'tier',
  'role',
];

const UNSTABLE =
  /^(version|app\.kubernetes\.io\/version|helm\.sh\/chart|chart|app\.kubernetes\.io\/managed-by|heritage|release-revision)$/;

export interface SelectorChoice {
  /** matchLabels; undefined when the workload has no usable label. */
  readonly labels: Labels | undefined;
  /** Other workloads of the namespace the labels also select. */
  readonly alsoSelects: readonly WorkloadPeer[];
}

const matches = (sel: Labels, labels: Labels) => Object.entries(sel).every(([k, v]) => labels[k] === v);

export function stableSelector(w: WorkloadPeer, namespaceWorkloads: readonly WorkloadPeer[]): SelectorChoice {
  const usable = Object.keys(w.labels).filter((k) => !NOISE_LABEL.test(k) && !UNSTABLE.test(k));
  if (usable.length === 0) return { labels: undefined, alsoSelects: [] };
  const order = [
    ...PREFERRED_KEYS.filter((k) => usable.includes(k)),
    ...usable.filter((k) => !PREFERRED_KEYS.includes(k)).sort(),
  ];
  const others = namespaceWorkloads.filter((o) => o !== w && o.display !== w.display);
  const sel: Record<string, string> = {};
  let rest = others;
  for (const k of order) {
    sel[k] = w.labels[k]!;
    rest = rest.filter((o) => matches(sel, o.labels));
    if (rest.length === 0) break;
  }
  // Drop keys that did not narrow anything down, least preferred first; the first key
  // (the workload's name label, when it has one) stays, for readability.
  for (const k of Object.keys(sel).slice(1).reverse()) {
    const without = { ...sel };
    delete without[k];
    if (others.filter((o) => matches(without, o.labels)).length === rest.length) delete sel[k];
  }
  return { labels: sel, alsoSelects: rest };
}
