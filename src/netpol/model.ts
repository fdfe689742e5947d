/**
 * The analysis model: workloads, compiled policies of the three tiers, what Ingress
 * objects expose, and the external address space cut into atoms. Built once from an
 * Inventory; both evaluators (connectivity.ts for all pairs, evaluate.ts for one pair)
 * read it.
 */
import type { Inventory } from '../model/inventory.js';
import { type Labels, selectorMatches } from '../model/selectors.js';
import { type CompiledAdminPolicy, compileAdminPolicy } from './admin-policy.js';
import { computeIngressExposure, type Exposure, type ExposureSource } from './ingress-exposure.js';
import { Interner } from './intern.js';
import { atomsOf, type IntervalSet, isEmpty } from './intervals.js';
import { ALL_IPV4, IPV4_MAX, IPV4_MIN } from './ip.js';
import { type CompiledNetworkPolicy, compileNetworkPolicy } from './network-policy.js';
import { K8S_PROFILE, type Profile, type ProfileName, profileByName } from './profile.js';
import { type PodSelection, selectionMatches } from './selection.js';
import { describe, type NetpolWarning, WarningSink } from './warnings.js';
import { indexOf } from './workload-index.js';
import { buildWorkloads, type ExternalPeer, externalPeer, type WorkloadPeer } from './workloads.js';

export interface NetpolModel {
  readonly profile: Profile;
  /** Sorted by display name. */
  readonly workloads: readonly WorkloadPeer[];
  readonly namespaceLabels: ReadonlyMap<string, Labels>;
  readonly networkPolicies: readonly CompiledNetworkPolicy[];
  /** AdminNetworkPolicies in evaluation order: ascending priority, then name. */
  readonly adminPolicies: readonly CompiledAdminPolicy[];
  /** BaselineAdminNetworkPolicies (normally the one named "default"), by name. */
  readonly baselinePolicies: readonly CompiledAdminPolicy[];
  /** TCP ports Ingress/Route objects expose, per workload index. */
  readonly exposure: Exposure;
  /** The Ingress/Route backends behind each workload's exposure. */
  readonly exposureSources: ReadonlyMap<number, readonly ExposureSource[]>;
  /** External sources: the IPv4 space cut by every ingress ipBlock. */
  readonly sourceAtoms: readonly ExternalPeer[];
  /** External destinations: the IPv4 space cut by every egress ipBlock and ANP/BANP network. */
  readonly destinationAtoms: readonly ExternalPeer[];
  readonly warnings: readonly NetpolWarning[];
}

export interface ModelOptions {
  profile?: Profile | ProfileName;
}

/** Whether pod and namespace selectors can select this workload (hostNetwork pods in the k8s profile cannot). */
export function isSelectable(w: WorkloadPeer, profile: Profile): boolean {
  return !(w.hostNetwork && profile.hostNetwork === 'node');
}

/** The facts a selection is evaluated against, for a workload. */
export function selectableOf(model: Pick<NetpolModel, 'namespaceLabels'>, w: WorkloadPeer) {
  return {
    namespace: w.namespace,
    namespaceLabels: model.namespaceLabels.get(w.namespace) ?? { 'kubernetes.io/metadata.name': w.namespace },
    labels: w.labels,
  };
}

/**
 * The ingress controller as a selector sees it: a pod of a namespace kzt knows nothing
 * about, without labels. Only selectors that match every namespace and every pod
 * (`namespaceSelector: {}`) select it.
 */
export const INGRESS_CONTROLLER_SELECTABLE = Object.freeze({
  namespace: '',
  namespaceLabels: Object.freeze({}) as Labels,
  labels: Object.freeze({}) as Labels,
});

export function selectionMatchesWorkload(
  model: Pick<NetpolModel, 'namespaceLabels' | 'profile'>,
  sel: PodSelection,
  w: WorkloadPeer,
): boolean {
  return isSelectable(w, model.profile) && selectionMatches(sel, selectableOf(model, w));
}

/** Whether a NetworkPolicy's podSelector selects the workload (policies do not apply to hostNetwork pods in k8s). */
export function networkPolicySelects(
  model: NetpolModel,
  np: CompiledNetworkPolicy,
  w: WorkloadPeer,
): boolean {
  return (
    w.namespace === np.namespace &&
    isSelectable(w, model.profile) &&
    selectorMatches(np.podSelector, w.labels)
  );
}

/**
 * Whether an IP set (ipBlock or networks) matches a workload's pods. Only when the
 * profile lets ipBlocks match pods: by the known pod IPs (all of them must be inside),
 * and for pods whose IPs are unknown, only a set covering all of IPv4 is certain to.
 */
export function ipSetMatchesWorkload(profile: Profile, set: IntervalSet, w: WorkloadPeer): boolean {
  if (!profile.ipBlocksMatchPods) return false;
  if (w.ips.length > 0) {
    for (const ip of w.ips) {
      let inside = false;
      for (let i = 0; i < set.length; i += 2)
        if (ip >= set[i]! && ip <= set[i + 1]!) {
          inside = true;
          break;
        }
      if (!inside) return false;
    }
    return true;
  }
  return set.length === 2 && set[0] === ALL_IPV4[0] && set[1] === ALL_IPV4[1];
}

export function buildNetpolModel(inventory: Inventory, options: ModelOptions = {}): NetpolModel {
  const profile =
    typeof options.profile === 'string' ? profileByName(options.profile) : (options.profile ?? K8S_PROFILE);
  const sink = new WarningSink();
  const { workloads, namespaceLabels } = buildWorkloads(inventory, profile, sink);

  // An object defined twice: the last definition wins, as applying the stream would.
  const latest = (group: string, kind: string) =>
    inventory.ofKind(group, kind).filter((r) => {
      if (inventory.get(group, kind, r.ref.namespace, r.ref.name) === r) return true;
      sink.at(
        r,
        ['metadata', 'name'],
        'duplicate-object',
        `${kind} is defined more than once; the last definition is analysed`,
      );
      return false;
    });
  const shared = new Interner();
  const networkPolicies = latest('networking.k8s.io', 'NetworkPolicy').map((r) =>
    compileNetworkPolicy(r, sink, shared),
  );

  const anps: CompiledAdminPolicy[] = [];
  for (const r of latest('policy.networking.k8s.io', 'AdminNetworkPolicy')) {
    const p = compileAdminPolicy(r, sink);
    if (p) anps.push(p);
  }
  anps.sort((a, b) => a.priority - b.priority || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const banps: CompiledAdminPolicy[] = [];
  for (const r of latest('policy.networking.k8s.io', 'BaselineAdminNetworkPolicy')) {
    const p = compileAdminPolicy(r, sink);
    if (p) banps.push(p);
  }
  banps.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (banps.length > 1) {
    sink.add({
      severity: 'warning',
      code: 'banp-name',
      message: `${banps.length} BaselineAdminNetworkPolicies; a cluster has at most one (named "default"); all are analysed, in name order`,
    });
  }

  const partial: Pick<NetpolModel, 'namespaceLabels' | 'profile'> = { namespaceLabels, profile };
  // Equal ANP priorities are ambiguous when the policies share a subject.
  for (let i = 0; i + 1 < anps.length; i++) {
    for (let j = i + 1; j < anps.length && anps[j]!.priority === anps[i]!.priority; j++) {
      const a = anps[i]!;
      const b = anps[j]!;
      const shared = workloads.find(
        (w) =>
          selectionMatchesWorkload(partial, a.subject, w) && selectionMatchesWorkload(partial, b.subject, w),
      );
      if (shared) {
        sink.add({
          severity: 'warning',
          code: 'equal-priority',
          message: `${describe(a.resource)} and ${describe(b.resource)} have the same priority ${a.priority} and both select ${shared.display}; which applies first is up to the implementation (kzt uses name order)`,
          object: b.resource.ref,
          location: b.resource.locate(['spec', 'priority']),
        });
      }
    }
  }

  if (profile.ownerVariants === 'representative')
    warnVariance(workloads, networkPolicies, [...anps, ...banps], partial, sink);

  const srcSets: IntervalSet[] = [];
  const dstSets: IntervalSet[] = [];
  for (const np of networkPolicies) {
    for (const r of np.ingress) for (const p of r.peers ?? []) if (p.kind === 'ipBlock') srcSets.push(p.set);
    for (const r of np.egress) for (const p of r.peers ?? []) if (p.kind === 'ipBlock') dstSets.push(p.set);
  }
  for (const p of [...anps, ...banps])
    for (const r of p.egress)
      for (const peer of r.peers) if (peer.kind === 'networks') dstSets.push(peer.set);
  const atoms = (sets: IntervalSet[]) =>
    atomsOf(
      sets.filter((s) => !isEmpty(s)),
      IPV4_MIN,
      IPV4_MAX,
    ).map(([a, b]) => externalPeer(a, b));

  if (profile.ipBlocksMatchPods && workloads.some((w) => w.ips.length === 0)) {
    const partialBlock = [...srcSets, ...dstSets].some(
      (s) => !isEmpty(s) && !(s.length === 2 && s[0] === ALL_IPV4[0] && s[1] === ALL_IPV4[1]),
    );
    if (partialBlock)
      sink.add({
        severity: 'warning',
        code: 'pod-ip-unknown',
        message:
          'pod IPs are unknown (manifests, not live pods): ipBlocks and networks narrower than 0.0.0.0/0 are assumed not to contain pod IPs',
      });
  }

  const index = indexOf({ workloads, namespaceLabels });
  const { exposure, sources: exposureSources } = computeIngressExposure(inventory, index, profile, sink);
  return {
    profile,
    workloads,
    namespaceLabels,
    networkPolicies,
    adminPolicies: anps,
    baselinePolicies: banps,
    exposure,
    exposureSources,
    sourceAtoms: atoms(srcSets),
    destinationAtoms: atoms(dstSets),
    warnings: sink.warnings,
  };
}

/**
 * np-guard analyses one representative pod per owner; when a selector tells the pods of
 * one owner apart, that result is wrong for some of them, so say so.
 */
function warnVariance(
  workloads: readonly WorkloadPeer[],
  nps: readonly CompiledNetworkPolicy[],
  admins: readonly CompiledAdminPolicy[],
  model: Pick<NetpolModel, 'namespaceLabels' | 'profile'>,
  sink: WarningSink,
): void {
  for (const w of workloads) {
    if (w.pods.length < 2) continue;
    const variants = w.pods.filter((p) => p !== w.pods[0]);
    const nsLabels = model.namespaceLabels.get(w.namespace) ?? {};
    const differs = (test: (labels: Labels) => boolean) => {
      const first = test(w.labels);
      return variants.some((v) => test(v.labels) !== first);
    };
    const selections: PodSelection[] = [];
    for (const np of nps) {
      if (np.namespace === w.namespace && differs((l) => selectorMatches(np.podSelector, l))) {
        report(w, `${describe(np.resource)} selects some of its pods but not others`);
        return;
      }
      for (const r of [...np.ingress, ...np.egress])
        for (const p of r.peers ?? []) if (p.kind === 'pods') selections.push(p.selection);
    }
    for (const a of admins) {
      selections.push(a.subject);
      for (const r of [...a.ingress, ...a.egress])
        for (const p of r.peers) if (p.kind === 'pods') selections.push(p.selection);
    }
    const pod = (labels: Labels) => ({ namespace: w.namespace, namespaceLabels: nsLabels, labels });
    if (selections.some((s) => differs((l) => selectionMatches(s, pod(l)))))
      report(w, 'a policy selector matches some of its pods but not others');
  }
  function report(w: WorkloadPeer, why: string) {
    sink.add({
      severity: 'warning',
      code: 'owner-label-variance',
      message: `pods of ${w.display} have different labels and ${why}; the np-guard profile analyses the first pod (${w.pods[0]!.podName}) for all of them (use --profile k8s to analyse each variant)`,
      object: w.pods[0]!.resource.ref,
      location: w.pods[0]!.resource.origin,
    });
  }
}
