/**
 * Observed flows against the workloads of the manifests: each pod endpoint becomes the
 * model's WorkloadPeer, each address an external range, and identical flows (the same
 * connection seen at both ends, or many times) one observed connection.
 *
 * A pod endpoint is resolved, in order, by
 * 1. the workload the flow names (Hubble `workloads[0]`, the CSV name), with its kind
 *    when given (a split variant `name@pod` of the model matches its owner's name);
 * 2. the pod name, among the pods of the input (live-cluster dumps);
 * 3. its labels: the workloads of the namespace whose pod labels are all among the
 *    flow's labels, the one with most labels;
 * 4. the pod name without its generated suffix (`web-7d9f8b6c4-x2k9p` → `web`,
 *    `db-0` → `db`).
 * What none of these finds is a workload seen only in the flows: it gets a synthetic
 * peer with the labels the flow reports (none for CSV), and the callers say so.
 */
import type { Labels } from '../../model/selectors.js';
import type { NetpolModel } from '../model.js';
import type { Protocol } from '../ports.js';
import { type ExternalPeer, externalPeer, type WorkloadPeer } from '../workloads.js';
import type { FlowEndpoint, FlowLocation, ObservedFlow, ReservedIdentity } from './types.js';

export type ResolvedEndpoint =
  | { readonly kind: 'workload'; readonly peer: WorkloadPeer; readonly synthetic: boolean }
  | {
      readonly kind: 'ip';
      readonly peer: ExternalPeer;
      readonly reserved: ReservedIdentity | undefined;
      readonly names: readonly string[];
    };

export interface ObservedConnection {
  readonly src: ResolvedEndpoint;
  readonly dst: ResolvedEndpoint;
  readonly protocol: Protocol;
  readonly port: number;
  /** How many flow records show it. */
  readonly flows: number;
  /** The first record. */
  readonly location: FlowLocation;
}

export interface Resolution {
  readonly connections: ObservedConnection[];
  /** Workloads seen only in the flows, by display name. */
  readonly synthetic: ReadonlyMap<string, WorkloadPeer>;
  /**
   * Synthetic workloads whose flows carried no labels (CSV): kzt assumes the label
   * `app.kubernetes.io/name: <name>` for them (`k8s-app: kube-dns` for kube-system's
   * coredns or kube-dns), and says so.
   */
  readonly assumedLabels: ReadonlySet<string>;
}

export function endpointKey(e: ResolvedEndpoint): string {
  return e.kind === 'workload' ? e.peer.display : `ip:${e.peer.first}-${e.peer.last}`;
}

const POD_SUFFIXES: Array<[RegExp, string | undefined]> = [
  [/^(.+)-[0-9a-f]{6,10}-[0-9a-z]{5}$/, 'Deployment'],
  [/^(.+)-[0-9]+$/, 'StatefulSet'],
  [/^(.+)-[0-9a-z]{5}$/, undefined],
];

function isSubset(small: Labels, big: Labels): boolean {
  const keys = Object.keys(small);
  return keys.length > 0 && keys.every((k) => big[k] === small[k]);
}

export function resolveFlows(model: NetpolModel, flows: readonly ObservedFlow[]): Resolution {
  const byNs = new Map<string, WorkloadPeer[]>();
  for (const w of model.workloads) {
    const list = byNs.get(w.namespace);
    if (list) list.push(w);
    else byNs.set(w.namespace, [w]);
  }
  const synthetic = new Map<string, WorkloadPeer>();
  const assumedLabels = new Set<string>();
  const cache = new Map<string, ResolvedEndpoint>();

  const findWorkload = (e: Extract<FlowEndpoint, { kind: 'pod' }>): WorkloadPeer | undefined => {
    const candidates = byNs.get(e.namespace) ?? [];
    const pick = (list: WorkloadPeer[]): WorkloadPeer | undefined => {
      if (list.length <= 1) return list[0];
      const byLabels = list.filter((w) => isSubset(w.labels, e.labels));
      return byLabels.length === 1 ? byLabels[0] : undefined;
    };
    const named = (name: string, kind: string | undefined) =>
      candidates.filter(
        (w) => (w.name === name || w.name.startsWith(`${name}@`)) && (!kind || w.kind === kind),
      );
    if (e.workload) {
      const hit = pick(named(e.workload.name, e.workload.kind)) ?? pick(named(e.workload.name, undefined));
      if (hit) return hit;
    }
    if (e.podName) {
      const hit = pick(candidates.filter((w) => w.pods.some((p) => p.podName === e.podName)));
      if (hit) return hit;
    }
    if (Object.keys(e.labels).length > 0) {
      const matches = candidates.filter((w) => isSubset(w.labels, e.labels));
      const most = Math.max(0, ...matches.map((w) => Object.keys(w.labels).length));
      const best = matches.filter((w) => Object.keys(w.labels).length === most);
      if (best.length === 1) return best[0];
    }
    if (e.podName)
      for (const [re, kind] of POD_SUFFIXES) {
        const m = re.exec(e.podName);
        if (!m) continue;
        const hit = pick(named(m[1]!, kind)) ?? pick(named(m[1]!, undefined));
        if (hit) return hit;
      }
    return undefined;
  };

  const resolve = (e: FlowEndpoint): ResolvedEndpoint => {
    if (e.kind === 'ip') {
      const key = `ip:${e.first}-${e.last}:${e.reserved ?? ''}`;
      let r = cache.get(key);
      if (!r) {
        r = { kind: 'ip', peer: externalPeer(e.first, e.last), reserved: e.reserved, names: e.names ?? [] };
        cache.set(key, r);
      } else if (e.names?.length && r.kind === 'ip') {
        const names = [...new Set([...r.names, ...e.names])].sort();
        r = { ...r, names };
        cache.set(key, r);
      }
      return r;
    }
    const key = JSON.stringify([e.namespace, e.workload, e.podName, Object.entries(e.labels).sort()]);
    let r = cache.get(key);
    if (r) return r;
    const w = findWorkload(e);
    if (w) r = { kind: 'workload', peer: w, synthetic: false };
    else {
      const name =
        e.workload?.name ??
        (e.podName ? stripSuffix(e.podName) : undefined) ??
        labelName(e.labels) ??
        'unknown';
      const kind = e.workload?.kind ?? 'Pod';
      const display = `${e.namespace}/${name}[${kind}]`;
      let peer = synthetic.get(display);
      if (!peer) {
        const labels: Record<string, string> = { ...e.labels };
        if (Object.keys(labels).length === 0) {
          // The cluster DNS is labelled the same way by every distribution.
          if (e.namespace === 'kube-system' && (name === 'coredns' || name === 'kube-dns'))
            labels['k8s-app'] = 'kube-dns';
          else labels['app.kubernetes.io/name'] = name;
          assumedLabels.add(display);
        }
        peer = {
          type: 'workload',
          index: -1,
          namespace: e.namespace,
          name,
          kind,
          labels,
          ports: [],
          hostNetwork: false,
          ips: [],
          replicated: true,
          pods: [],
          display,
        };
        synthetic.set(display, peer);
      }
      r = { kind: 'workload', peer, synthetic: true };
    }
    cache.set(key, r);
    return r;
  };

  const byKey = new Map<string, { c: Omit<ObservedConnection, 'flows'>; flows: number }>();
  for (const f of flows) {
    const src = resolve(f.src);
    const dst = resolve(f.dst);
    const key = `${endpointKey(src)}|${endpointKey(dst)}|${f.protocol}|${f.port}`;
    const hit = byKey.get(key);
    if (hit) {
      hit.flows++;
      // Keep the richest address endpoint (DNS names accumulate).
      if (dst.kind === 'ip' && dst.names.length > 0) hit.c = { ...hit.c, dst };
      if (src.kind === 'ip' && src.names.length > 0) hit.c = { ...hit.c, src };
    } else
      byKey.set(key, { c: { src, dst, protocol: f.protocol, port: f.port, location: f.location }, flows: 1 });
  }
  const connections = [...byKey.values()]
    .map(({ c, flows }) => ({ ...c, flows }))
    .sort(
      (a, b) =>
        cmp(endpointKey(a.src), endpointKey(b.src)) ||
        cmp(endpointKey(a.dst), endpointKey(b.dst)) ||
        cmp(a.protocol, b.protocol) ||
        a.port - b.port,
    );
  return { connections, synthetic, assumedLabels };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function stripSuffix(pod: string): string {
  for (const [re] of POD_SUFFIXES) {
    const m = re.exec(pod);
    if (m) return m[1]!;
  }
  return pod;
}

function labelName(labels: Labels): string | undefined {
  return labels['app.kubernetes.io/name'] ?? labels.app ?? labels['k8s-app'];
}
