/**
 * Profiles: where the Kubernetes API leaves a choice to the network plugin, a profile
 * fixes it. `np-guard` reproduces the reference analyzer (np-guard/netpol-analyzer)
 * exactly; `k8s` (the default) follows upstream Kubernetes (kube-network-policies,
 * the e2e tests, the API documentation). docs/netpol.md explains every choice.
 */

export type ProfileName = 'k8s' | 'np-guard';
export const PROFILE_NAMES: readonly ProfileName[] = ['k8s', 'np-guard'];

export interface Profile {
  readonly name: ProfileName;
  /**
   * Whether ipBlock and ANP `networks` peers can match pods (by their IP).
   * np-guard: never (ipBlocks are cluster-external). k8s: yes, as kube-network-policies
   * and Calico do and the e2e tests require; a pod whose IP is unknown (a template) is
   * matched only by a block that covers all of IPv4.
   */
  readonly ipBlocksMatchPods: boolean;
  /**
   * 'pod': hostNetwork pods are ordinary pods (np-guard).
   * 'node': they share the node's network namespace, so policies neither isolate them
   * nor select them as peers; they are matched like node IPs, by ipBlocks (k8s).
   */
  readonly hostNetwork: 'pod' | 'node';
  /**
   * List the connection of a workload to itself (between two of its replicas, which
   * policies govern like any two pods). Loopback inside one pod is never restricted.
   */
  readonly selfConnections: boolean;
  /** Name a pod after the top of its owner chain found in the input (Pod -> ReplicaSet -> Deployment). */
  readonly ownerChain: boolean;
  /**
   * Pods of one owner whose labels or ports differ: 'representative' analyses the first
   * pod for all (np-guard; kzt warns when a selector tells them apart), 'split' makes each
   * variant its own node, named owner@first-pod.
   */
  readonly ownerVariants: 'representative' | 'split';
}

export const NP_GUARD_PROFILE: Profile = Object.freeze({
  name: 'np-guard',
  ipBlocksMatchPods: false,
  hostNetwork: 'pod',
  selfConnections: false,
  ownerChain: false,
  ownerVariants: 'representative',
});

export const K8S_PROFILE: Profile = Object.freeze({
  name: 'k8s',
  ipBlocksMatchPods: true,
  hostNetwork: 'node',
  selfConnections: true,
  ownerChain: true,
  ownerVariants: 'split',
});

export function profileByName(name: ProfileName): Profile {
  return name === 'np-guard' ? NP_GUARD_PROFILE : K8S_PROFILE;
}
